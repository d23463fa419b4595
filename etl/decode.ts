// Turns the bytes of a published list into text. Lists come as UTF-8 (with or without BOM)
// or as GB18030/GBK, which is what Office on Windows saves; anything else is rejected.

import { ParseError } from './parse-error.ts';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: Encoding;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030', { fatal: true });

/** Decodes a list file's bytes; throws ParseError when they are not text in a supported encoding. */
export function decodeListBytes(bytes: Uint8Array, file: string): DecodedText {
  if (bytes.includes(0)) {
    throw new ParseError(
      file,
      null,
      'not a text file (contains NUL bytes); expected a UTF-8 or GB18030 text list',
    );
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {
      text: decodeOrThrow(utf8, bytes.subarray(3), file, 'UTF-8 (after its BOM)'),
      encoding: 'utf-8-bom',
    };
  }
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeOrThrow(gb18030, bytes, file, 'UTF-8 or GB18030'), encoding: 'gb18030' };
  }
}

function decodeOrThrow(decoder: TextDecoder, bytes: Uint8Array, file: string, expected: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new ParseError(file, null, `not valid text; expected ${expected}`);
  }
}

const CHARSET = /<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-z0-9_-]{1,40})/i;
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);
const GB_NAMES = new Set(['gbk', 'gb2312', 'gb18030', 'x-gbk', 'cp936', 'windows-936', 'euc-cn']);

/**
 * Decodes a saved web page: a BOM wins, then the <meta charset> (or http-equiv content
 * charset) of its first 4 KB; without one, UTF-8 or else GB18030 as for text lists.
 */
export function decodeHtmlBytes(bytes: Uint8Array, file: string): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {
      text: decodeOrThrow(utf8, bytes.subarray(3), file, 'UTF-8 (after its BOM)'),
      encoding: 'utf-8-bom',
    };
  }
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const declared = CHARSET.exec(head)?.[1]?.toLowerCase();
  if (declared === undefined) return decodeListBytes(bytes, file);
  if (UTF8_NAMES.has(declared)) {
    return { text: decodeOrThrow(utf8, bytes, file, 'UTF-8 as its <meta charset> says'), encoding: 'utf-8' };
  }
  if (GB_NAMES.has(declared)) {
    return {
      text: decodeOrThrow(gb18030, bytes, file, `GBK/GB18030 as its <meta charset> says`),
      encoding: 'gb18030',
    };
  }
  throw new ParseError(
    file,
    null,
    `page declares charset '${declared}'; expected UTF-8 or GBK/GB18030 (save the page in one of them)`,
  );
}
