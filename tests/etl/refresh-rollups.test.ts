// The markers of the roll-up SQL files (etl/rollups.sql) as etl/refresh-rollups.ts reads them: what
// each declares, and a clear error naming the file for a marker it cannot follow. That the roll-ups
// equal the base tables is tests/server/rollups.test.ts.
import { describe, expect, it } from 'vitest';
import { checkRollupOrder, parseRollupSql, readRollupStatements } from '../../etl/refresh-rollups.ts';

const towns = '-- @towns t_town\nSELECT 1 AS town_rank, 1 AS n;\n';

describe('parseRollupSql', () => {
  it('reads what each marker of the roll-up files declares', async () => {
    const statements = await readRollupStatements();
    const departments = statements.find((s) => s.kind === 'whole' && s.table === 'rollup_departments_all');
    expect(departments).toMatchObject({
      by: {
        source: 'rollup_links_town',
        keys: ['department'],
        sums: ['cooperative', 'reclaimed', 'penalties', 'total'],
      },
    });
    expect(statements.find((s) => s.kind === 'whole' && s.table === 'rollup_penalty_lists')).toMatchObject({
      by: { source: 'rollup_penalty_items', keys: ['department'], sums: [], first: false },
    });
    expect(statements.find((s) => s.kind === 'whole' && s.table === 'rollup_duty_picks')).toMatchObject({
      by: { source: 'rollup_duty_town', keys: ['duty_id', 'kind'], sums: [], first: true },
    });
    expect(statements.find((s) => s.kind === 'whole' && s.table === 'rollup_category_order')).toMatchObject({
      by: null,
    });
    // Rebuilt whole by every load, after the lists and ranks it is written from.
    expect(statements.at(-1)).toMatchObject({ kind: 'whole', table: 'rollup_penalty_answer', by: null });
    expect(statements.filter((s) => s.kind === 'rank').map((s) => [s.table, s.keys.join()])).toEqual([
      ['rollup_departments_all', 'department'],
      ['rollup_cells_all', 'department'],
      ['rollup_kept', 'item_id'],
      ['rollup_penalty_items', 'department'],
    ]);
  });

  it('rejects a marker it does not know, naming the file', () => {
    expect(() => parseRollupSql('-- @fix\nUPDATE t SET a = 1;\n', 'x.sql')).toThrow(
      'x.sql: unknown marker "@fix"; expected @towns T, @whole T [from S by KEYS [sum COLUMNS | first]] or @rank T by KEYS',
    );
    expect(() => parseRollupSql('-- @whole t from s by k sum\nSELECT 1 FROM s;\n', 'x.sql')).toThrow(
      'x.sql: unknown marker "@whole t from s by k sum"',
    );
  });

  it('writes out the answer fragments a file names, and rejects a name that is no fragment', () => {
    const [lists] = parseRollupSql(
      '-- @whole t from s by k\nSELECT k, {{bureau_items_50}} AS items FROM s GROUP BY k;\n',
      'x.sql',
    );
    expect(lists?.sql).toContain(`'townName': town_name`);
    expect(lists?.sql).not.toContain('{{');
    expect(() => parseRollupSql('-- @whole t\nSELECT {{answer}} AS a;\n', 'x.sql')).toThrow(
      'x.sql: {{answer}} is not a fragment of shared/penalty-answer-sql.ts',
    );
  });

  it('rejects a @whole that does not read its source, or follows what is not a @towns table above it', () => {
    expect(() =>
      parseRollupSql(`${towns}-- @whole t_all from t_town by n sum n\nSELECT 1 AS n FROM other;\n`, 'x.sql'),
    ).toThrow('x.sql: @whole t_all from t_town by n sum n does not read its source t_town');
    const later = parseRollupSql(
      `-- @whole t_all from t_town by n sum n\nSELECT n FROM t_town;\n${towns}`,
      'x.sql',
    );
    expect(() => checkRollupOrder(later, 'x.sql')).toThrow(
      'x.sql: @whole t_all follows t_town, which is not a @towns table above it',
    );
  });

  it('rejects a sum over rows a @rank rewrites (their old values are gone), a list read before them, and a @rank of nothing', () => {
    const ranked = parseRollupSql(
      `${towns}-- @rank t_town by n\nSELECT n, 1 AS r FROM t_town;\n-- @whole t_all from t_town by n sum n\nSELECT n FROM t_town;\n`,
      'x.sql',
    );
    expect(() => checkRollupOrder(ranked, 'x.sql')).toThrow(
      'x.sql: @whole t_all sums t_town, whose rows a @rank rewrites',
    );
    const picked = parseRollupSql(
      `${towns}-- @rank t_town by n\nSELECT n, 1 AS r FROM t_town;\n-- @whole t_all from t_town by n first\nSELECT * FROM t_town;\n`,
      'x.sql',
    );
    expect(() => checkRollupOrder(picked, 'x.sql')).toThrow(
      'x.sql: @whole t_all picks rows of t_town, whose rows a @rank rewrites',
    );
    const early = parseRollupSql(
      `${towns}-- @whole t_all from t_town by n\nSELECT n FROM t_town;\n-- @rank t_town by n\nSELECT n, 1 AS r FROM t_town;\n`,
      'x.sql',
    );
    expect(() => checkRollupOrder(early, 'x.sql')).toThrow(
      'x.sql: @whole t_all follows t_town above the @rank that rewrites its rows',
    );
    const nothing = parseRollupSql('-- @rank t_all by n\nSELECT 1 AS n, 1 AS r;\n', 'x.sql');
    expect(() => checkRollupOrder(nothing, 'x.sql')).toThrow(
      'x.sql: @rank t_all ranks a table no statement above it writes',
    );
  });
});
