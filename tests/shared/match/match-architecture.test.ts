// shared/match is pure code for every side: it imports only its own modules — not server/,
// client/ or etl/, no node: built-in (no I/O) and no package.

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOM = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'match');

describe('shared/match', () => {
  it('imports nothing but its own modules', () => {
    const files = readdirSync(ROOM).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const source = readFileSync(join(ROOM, file), 'utf8');
      const specifiers = [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map(
        (m) => m[1],
      );
      for (const specifier of specifiers)
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[a-z-]+\.ts$/);
    }
  });
});
