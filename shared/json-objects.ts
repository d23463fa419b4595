// JSON objects as UTF-8 bytes, joined without being parsed: the server joins the two parts of
// GET /api/penalties/by-bureau this way (server/routes/penalties.ts), and the load joins the stored parts
// the same way to store the whole answer encoded (etl/stored-answer.ts), so both give the same bytes.

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const COMMA = 0x2c;

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
