// The markers of the roll-up SQL files (etl/rollups.sql) as etl/refresh-rollups.ts reads them: what
// each declares, and a clear error naming the file for a marker it cannot follow. That the roll-ups
// equal the base tables is tests/server/rollups.test.ts.
import { describe, expect, it } from 'vitest';
import {
  batchReads,
  checkRollupOrder,
  parseRollupSql,
  rankedReads,
  readRollupStatements,
  rollupLanes,
} from '../../etl/refresh-rollups.ts';

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
    const lists = statements.find((s) => s.kind === 'whole' && s.table === 'rollup_penalty_lists');
    expect(lists).toMatchObject({
      by: { source: 'rollup_penalty_items', keys: ['department'], sums: [], first: false },
    });
    // The lists follow their bureaus being listed too (a bureau moved in or out of the first 5,000).
    expect(lists?.kind === 'whole' ? rankedReads(lists, statements) : null).toEqual(['rollup_bureaus']);
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
      ['rollup_kept_order', 'item_id'],
      ['rollup_bureaus', 'department'],
      ['rollup_penalty_lists', 'department'],
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
    // The ranks of another table: a list reads them below their @rank and by its own keys; a sum never.
    const ranks = `${towns}-- @whole r_all from t_town by n sum c\nSELECT n, count(*) AS c FROM t_town GROUP BY n;\n`;
    const rankR = '-- @rank r_all by n\nSELECT n, 1 AS r FROM r_all;\n';
    const list = '-- @whole l_all from t_town by n\nSELECT n, r FROM t_town JOIN r_all USING (n);\n';
    const good = parseRollupSql(`${ranks}${rankR}${list}`, 'x.sql');
    expect(() => checkRollupOrder(good, 'x.sql')).not.toThrow();
    const listed = good.find((s) => s.table === 'l_all');
    expect(listed?.kind === 'whole' ? rankedReads(listed, good) : null).toEqual(['r_all']);
    expect(() => checkRollupOrder(parseRollupSql(`${ranks}${list}${rankR}`, 'x.sql'), 'x.sql')).toThrow(
      'x.sql: @whole l_all reads r_all above the @rank that rewrites its ranks',
    );
    const summed =
      '-- @whole s_all from t_town by n sum c\nSELECT n, r, count(*) AS c FROM t_town JOIN r_all USING (n) GROUP BY ALL;\n';
    expect(() => checkRollupOrder(parseRollupSql(`${ranks}${rankR}${summed}`, 'x.sql'), 'x.sql')).toThrow(
      'x.sql: @whole s_all reads r_all, whose ranks a @rank rewrites; only a list can',
    );
    const otherKeys = '-- @whole o_all from t_town by m\nSELECT m, r FROM t_town JOIN r_all USING (n);\n';
    expect(() => checkRollupOrder(parseRollupSql(`${ranks}${rankR}${otherKeys}`, 'x.sql'), 'x.sql')).toThrow(
      'x.sql: @whole o_all reads r_all, ranked by other keys than its own',
    );
    const nothing = parseRollupSql('-- @rank t_all by n\nSELECT 1 AS n, 1 AS r;\n', 'x.sql');
    expect(() => checkRollupOrder(nothing, 'x.sql')).toThrow(
      'x.sql: @rank t_all ranks a table no statement above it writes',
    );
  });

  it('lets a @towns statement read the batch rows only of a @towns table above it', async () => {
    // The roll-up files read the per-item and per-link facts this way (etl/rollups.sql).
    const statements = await readRollupStatements();
    const linkFacts = statements.find((s) => s.table === 'rollup_link_facts');
    expect(batchReads(linkFacts?.sql ?? '')).toEqual(['rollup_item_facts']);
    const penaltyItems = statements.find((s) => s.table === 'rollup_penalty_items');
    expect(batchReads(penaltyItems?.sql ?? '')).toEqual(['rollup_link_facts', 'rollup_item_facts']);

    const reads = '-- @towns u_town\nSELECT town_rank, n FROM {{batch t_town}};\n';
    expect(() => checkRollupOrder(parseRollupSql(`${towns}${reads}`, 'x.sql'), 'x.sql')).not.toThrow();
    expect(() => checkRollupOrder(parseRollupSql(`${reads}${towns}`, 'x.sql'), 'x.sql')).toThrow(
      'x.sql: @towns u_town reads {{batch t_town}}, which is not a @towns table above it',
    );
    const whole = '-- @whole t_all\nSELECT n FROM {{batch t_town}};\n';
    expect(() => checkRollupOrder(parseRollupSql(`${towns}${whole}`, 'x.sql'), 'x.sql')).toThrow(
      'x.sql: @whole t_all reads {{batch t_town}}; only a @towns statement can',
    );
    const ofWhole = `${towns}-- @whole t_all\nSELECT n FROM t_town;\n-- @towns u_town\nSELECT * FROM {{batch t_all}};\n`;
    expect(() => checkRollupOrder(parseRollupSql(ofWhole, 'x.sql'), 'x.sql')).toThrow(
      'x.sql: @towns u_town reads {{batch t_all}}, which is not a @towns table above it',
    );
  });
});

describe('rollupLanes', () => {
  const named = (statements: { kind: string; table: string }[], indexes: number[]) =>
    indexes.map((index) => `${statements[index]?.kind} ${statements[index]?.table}`);

  it('gives the second connection the penalty and duty tables, and the first the answer that reads both', async () => {
    const statements = await readRollupStatements();
    const lanes = rollupLanes(statements);
    expect(lanes).not.toBeNull();
    if (lanes === null) return;
    expect(named(statements, lanes.main.slice(0, lanes.prefix)).at(-1)).toBe('towns rollup_link_facts');
    expect(named(statements, lanes.lane)).toEqual([
      'towns rollup_kept',
      'whole rollup_kept_order',
      'rank rollup_kept_order',
      'towns rollup_penalty_items',
      'towns rollup_duty_town',
      'whole rollup_duties_all',
      'whole rollup_duty_picks',
      'whole rollup_bureaus',
      'rank rollup_bureaus',
      'whole rollup_penalty_lists',
      'rank rollup_penalty_lists',
    ]);
    // It reads the departments' ranks (the first connection's) and the bureaus' lists (the second's).
    expect(named(statements, lanes.tail)).toEqual(['whole rollup_penalty_answer']);
    expect(named(statements, lanes.main.slice(lanes.prefix))).toContain('rank rollup_departments_all');
    // Every statement runs once.
    expect([...lanes.main, ...lanes.lane, ...lanes.tail].sort((a, b) => a - b)).toEqual(
      statements.map((_, i) => i),
    );
    expect(lanes.shared.sort()).toEqual([
      'new_rows_rollup_item_facts',
      'new_rows_rollup_link_facts',
      'new_town_ranks',
      'old_town_ranks',
      'refresh_towns',
    ]);
  });

  it('splits a full build alike, handing over only the towns and their ranks (it reads the tables themselves)', async () => {
    const statements = await readRollupStatements();
    const incremental = rollupLanes(statements);
    const full = rollupLanes(statements, 'full');
    expect(full).not.toBeNull();
    if (full === null || incremental === null) return;
    expect({ ...full, shared: [] }).toEqual({ ...incremental, shared: [] });
    expect(full.shared.sort()).toEqual(['new_town_ranks', 'old_town_ranks', 'refresh_towns']);
  });

  it('keeps on the first connection a statement that reads what the first writes beside the lane, and all after it', () => {
    const sql = [
      '-- @towns rollup_link_facts\nSELECT 1 AS town_rank, 1 AS n;',
      '-- @towns a_town\nSELECT town_rank, n FROM {{batch rollup_link_facts}};',
      '-- @whole a_all from a_town by n sum town_rank\nSELECT n, sum(town_rank) AS town_rank FROM a_town GROUP BY n;',
      // Its comment names a_all; only its code counts.
      '-- @towns rollup_kept\n-- not a_all\nSELECT town_rank, n FROM {{batch rollup_link_facts}};',
      '-- @whole kept_all from rollup_kept by n sum town_rank\nSELECT n, sum(town_rank) AS town_rank FROM rollup_kept GROUP BY n;',
      '-- @whole both\nSELECT * FROM a_all, kept_all;',
      '-- @whole after_both\nSELECT * FROM rollup_kept;',
    ].join('\n');
    const statements = parseRollupSql(sql, 'x.sql');
    const lanes = rollupLanes(statements);
    expect(lanes && named(statements, lanes.main)).toEqual([
      'towns rollup_link_facts',
      'towns a_town',
      'whole a_all',
    ]);
    expect(lanes && named(statements, lanes.lane)).toEqual(['towns rollup_kept', 'whole kept_all']);
    expect(lanes && named(statements, lanes.tail)).toEqual(['whole both', 'whole after_both']);
    // A lane statement reading what the first writes after the facts is not one.
    const reading = sql.replace('-- not a_all\nSELECT town_rank, n FROM', 'SELECT town_rank, n FROM a_all, ');
    const moved = rollupLanes(parseRollupSql(reading, 'x.sql'));
    expect(moved).toBeNull();
    // Nor may the first read, beside the lane, a table the lane rewrites (below it in the file).
    const early = sql.replace(
      '-- @towns rollup_kept',
      '-- @whole a_early\nSELECT * FROM kept_all;\n-- @towns rollup_kept',
    );
    expect(rollupLanes(parseRollupSql(early, 'x.sql'))).toBeNull();
    expect(rollupLanes(parseRollupSql(early.replace('FROM kept_all', 'FROM a_all'), 'x.sql'))).not.toBeNull();
  });
});
