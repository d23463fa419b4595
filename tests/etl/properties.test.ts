// Property tests: on any input the parser returns records or throws its own ParseError — never
// another exception — and finishes quickly (each run is timed against a generous bound).

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeListBytes } from '../../etl/decode.ts';
import { ParseError } from '../../etl/parse-error.ts';
import { parseListFile } from '../../etl/parse-list.ts';
import { SEED_FILE } from '../support/seed-db.ts';

const seedBytes = readFileSync(SEED_FILE);
const seedLines = seedBytes.toString('utf8').split('\n');

/** Runs decode + parse; returns 'ok' or 'parse-error' and rethrows anything else. */
function outcome(bytes: Uint8Array): 'ok' | 'parse-error' {
  const started = performance.now();
  try {
    parseListFile(decodeListBytes(bytes, 'fuzz.txt').text, 'fuzz.txt');
    return 'ok';
  } catch (error) {
    if (error instanceof ParseError) return 'parse-error';
    throw error;
  } finally {
    // Bounded time: the whole seed parses in a few ms; 2 s means a runaway regex or loop.
    expect(performance.now() - started).toBeLessThan(2000);
  }
}

// Fragments of the real format, so random text reaches deep into the parser, not just line 1.
const token = fc.constantFrom(
  '\t',
  '\n',
  '\r\n',
  '序号',
  '内蒙古自治区呼伦贝尔市根河市阿龙山镇基本履职事项清单（3项）',
  '配合履职事项清单',
  '上级部门收回事项清单(2项)',
  '一、党的建设（26项）',
  '二、',
  '1',
  '12',
  '<p>',
  '</p>',
  '<ol style="x">',
  '根河市民政局：',
  '履职保障：政策解读、资金',
  '部门职责：',
  '*对…的处罚；',
  '；',
  '1.立案阶段。',
  '2.',
  '(',
  '）',
  '、',
);

describe('parser properties', () => {
  it('only returns records or throws ParseError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        outcome(Buffer.from(text));
      }),
      { numRuns: 300 },
    );
  });

  it('only returns records or throws ParseError on text built from list fragments', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(token, fc.string({ maxLength: 5 })), { maxLength: 120 }), (parts) => {
        outcome(Buffer.from(parts.join('')));
      }),
      { numRuns: 500 },
    );
  });

  it('survives mutations of the seed: dropped lines, flipped bytes, cut-off files', () => {
    const results = new Set<string>();
    fc.assert(
      fc.property(
        fc.oneof(
          fc
            .nat(seedLines.length - 1)
            .map((drop) => Buffer.from(seedLines.filter((_, i) => i !== drop).join('\n'))),
          fc.tuple(fc.nat(seedBytes.length - 1), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => {
            const copy = Buffer.from(seedBytes);
            copy[at] = (copy[at] ?? 0) ^ mask;
            return copy;
          }),
          fc.nat(seedBytes.length).map((cut) => seedBytes.subarray(0, cut)),
        ),
        (bytes) => {
          results.add(outcome(bytes));
        },
      ),
      { numRuns: 200 },
    );
    // The mutations must exercise both paths, or the property proves nothing.
    expect([...results].sort()).toEqual(['ok', 'parse-error']);
  });
});
