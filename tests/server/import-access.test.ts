// The decisions behind imports, as pure functions: who may import, same-origin, safe file names.
import { describe, expect, it } from 'vitest';
import {
  decideImportAccess,
  importMode,
  isLoopback,
  isSameOrigin,
} from '../../server/imports/import-access.ts';
import { sanitizeFileName } from '../../server/imports/import-store.ts';

describe('import access', () => {
  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '::', '192.168.1.5', '128.0.0.1', 'example.org'].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('allows imports without a token only on loopback', () => {
    expect(decideImportAccess({ listenHost: '127.0.0.1', token: undefined }, undefined)).toEqual({
      allowed: true,
    });
    expect(decideImportAccess({ listenHost: '0.0.0.0', token: undefined }, 'Bearer anything')).toEqual({
      allowed: false,
      message: 'Imports are off: the server listens on 0.0.0.0, not loopback, and IMPORT_TOKEN is not set',
    });
    expect(importMode({ listenHost: '10.0.0.2', token: undefined }).enabled).toBe(false);
  });

  it('requires a set token, on loopback too, and compares it exactly', () => {
    for (const listenHost of ['127.0.0.1', '0.0.0.0']) {
      const config = { listenHost, token: 'secret-token-of-twenty' };
      expect(decideImportAccess(config, 'Bearer secret-token-of-twenty')).toEqual({ allowed: true });
      expect(decideImportAccess(config, 'bearer secret-token-of-twenty')).toEqual({ allowed: true });
      expect(decideImportAccess(config, 'Bearer secret-token-of-twent').allowed).toBe(false);
      expect(decideImportAccess(config, 'Bearer secret-token-of-twenty!').allowed).toBe(false);
      expect(decideImportAccess(config, 'secret-token-of-twenty').allowed).toBe(false);
      expect(decideImportAccess(config, undefined).allowed).toBe(false);
    }
  });

  it('refuses cross-site requests', () => {
    expect(isSameOrigin('http://127.0.0.1:8787/api/imports', undefined, undefined)).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:8787/api/imports', 'http://127.0.0.1:8787', 'same-origin')).toBe(
      true,
    );
    expect(isSameOrigin('http://127.0.0.1:8787/api/imports', 'https://evil.example', undefined)).toBe(false);
    expect(isSameOrigin('http://127.0.0.1:8787/api/imports', undefined, 'cross-site')).toBe(false);
    expect(isSameOrigin('http://127.0.0.1:8787/api/imports', 'null', undefined)).toBe(false);
  });
});

describe('sanitizeFileName', () => {
  it('keeps the last segment without control or path characters and leading dots', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\x\\清单.xlsx')).toBe('清单.xlsx');
    expect(sanitizeFileName('.hidden.txt')).toBe('hidden.txt');
    expect(sanitizeFileName('a\u0000b\u202Ec:d.txt')).toBe('a_b_c_d.txt');
    expect(sanitizeFileName('...')).toBe('upload');
    const long = sanitizeFileName(`${'长'.repeat(300)}.docx`);
    expect([...long].length).toBe(100);
    expect(long.endsWith('.docx')).toBe(true);
  });
});
