// JSON answers as bytes: the parts DuckDB writes are joined into one object without being parsed.
import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from '../../server/json-bytes.ts';
import { joinJsonObjects } from '../../shared/json-objects.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array) => new TextDecoder().decode(value);

describe('joinJsonObjects', () => {
  it('puts the members of each object into one, in order', () => {
    const joined = joinJsonObjects([
      bytes('{"bureaus":[{"department":"根河市林业和草原局","count":7}],"bureausTotal":4}'),
      bytes('{"kept":[],"keptTotal":0}'),
    ]);
    expect(text(joined)).toBe(
      '{"bureaus":[{"department":"根河市林业和草原局","count":7}],"bureausTotal":4,"kept":[],"keptTotal":0}',
    );
    expect(parseJsonBytes(joined)).toEqual({
      bureaus: [{ department: '根河市林业和草原局', count: 7 }],
      bureausTotal: 4,
      kept: [],
      keptTotal: 0,
    });
  });

  it('skips empty objects', () => {
    expect(text(joinJsonObjects([bytes('{}'), bytes('{"a":1}'), bytes('{}')]))).toBe('{"a":1}');
    expect(text(joinJsonObjects([bytes('{}')]))).toBe('{}');
  });

  it('refuses a part that is not one object', () => {
    expect(() => joinJsonObjects([bytes('{"a":1}'), bytes('[1,2]')])).toThrow(
      'each part must be one JSON object',
    );
    expect(() => joinJsonObjects([bytes('')])).toThrow('each part must be one JSON object');
  });
});
