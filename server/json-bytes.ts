// JSON answers that DuckDB wrote (Db.json): UTF-8 bytes sent as they are, joined without parsing, and
// parsed only where a caller needs objects.
import type { Context, TypedResponse } from 'hono';

const decoder = new TextDecoder();
const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const COMMA = 0x2c;

/** The JSON text as a value. */
export function parseJsonBytes<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

/**
 * One JSON object with the members of each of `objects`, in order: `{"a":1}` and `{"b":2}` make
 * `{"a":1,"b":2}`. Each must be the text of one object (as to_json writes it: no space around it); their
 * member names must differ.
 */
export function joinJsonObjects(objects: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const members = objects.map((object) => {
    if (object[0] !== OPEN || object[object.length - 1] !== CLOSE)
      throw new Error('joinJsonObjects: each part must be one JSON object');
    return object.subarray(1, object.length - 1);
  });
  const nonEmpty = members.filter((member) => member.length > 0);
  const size =
    2 + nonEmpty.reduce((sum, member) => sum + member.length, 0) + Math.max(0, nonEmpty.length - 1);
  const joined = new Uint8Array(size);
  joined[0] = OPEN;
  let at = 1;
  nonEmpty.forEach((member, index) => {
    if (index > 0) joined[at++] = COMMA;
    joined.set(member, at);
    at += member.length;
  });
  joined[at] = CLOSE;
  return joined;
}

/**
 * Answers 200 with JSON text already written, typed as `T` for `hc<AppType>` as c.json would type it.
 * The body is not checked against T here: tests hold each route's answers to its schema (responses.ts).
 */
export function jsonBytes<T>(
  c: Context,
  bytes: Uint8Array<ArrayBuffer>,
): Response & TypedResponse<T, 200, 'json'> {
  const response: Response = c.body(bytes, 200, { 'Content-Type': 'application/json' });
  return response as Response & TypedResponse<T, 200, 'json'>;
}
