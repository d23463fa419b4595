// The SQL repeats the closed vocabularies (CHECK constraints, a list_position order): these tests hold
// each SQL list equal to shared/vocabulary.ts, values and order, so neither can change alone.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPARTMENT_TYPES, KINDS, LINK_ROLES, SUPPORT_TYPES } from '../../shared/vocabulary.ts';

const ETL = resolve(import.meta.dirname, '..', '..', 'etl');
const schema = readFileSync(resolve(ETL, 'schema.sql'), 'utf8');
const rollups = readFileSync(resolve(ETL, 'rollups.sql'), 'utf8');

/** The quoted values of every `CHECK (<column> IN (…))` in the SQL. */
function checkLists(sql: string, column: string): string[][] {
  const pattern = new RegExp(`CHECK\\s*\\(\\s*${column}\\s+IN\\s*\\(([^)]*)\\)`, 'g');
  return [...sql.matchAll(pattern)].map((m) =>
    [...(m[1] ?? '').matchAll(/'([^']*)'/g)].map((v) => v[1] ?? ''),
  );
}

describe('etl/schema.sql and shared/vocabulary.ts', () => {
  it('check the list kinds in the vocabulary’s order', () => {
    expect(checkLists(schema, 'kind')).toEqual([[...KINDS]]);
  });

  it('check the department types', () => {
    expect(checkLists(schema, 'type')).toEqual([[...DEPARTMENT_TYPES]]);
  });

  it('check the support types', () => {
    expect(checkLists(schema, 'support_type')).toEqual([[...SUPPORT_TYPES]]);
  });

  it('check the link roles', () => {
    expect(checkLists(schema, 'role')).toEqual([[...LINK_ROLES]]);
  });
});

describe('etl/rollups.sql and shared/vocabulary.ts', () => {
  it('orders categories by the list kinds in the vocabulary’s order', () => {
    const orders = [...rollups.matchAll(/list_position\(\[([^\]]*)\]/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/'([^']*)'/g)].map((v) => v[1] ?? ''),
    );
    expect(orders).toEqual([[...KINDS]]);
  });
});
