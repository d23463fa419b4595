// Keeps the duties tables current: every item of the latest editions belongs to a duty (items clustered
// by meaning, shared/match/, the town's own place names removed), so the server answers
// GET /api/duties/divergent with one SQL query instead of clustering on a request.
//
// Incremental: only the items of the towns a load changed (temp table changed_towns) are assigned. A
// normalised text seen before keeps its duty (duty_texts remembers every text's duty); a new text is
// compared with the duties' centres (duties.centre) and joins the most similar one reaching the
// threshold, or becomes the centre of a new duty — the same loop (shared/match/duty-centres.ts) as a
// clustering of everything at once, so a database loaded in one run gets exactly clusterDuties()'s
// duties. Memory follows the number of duties and one batch of towns, never every item: towns are taken
// BATCH_ITEMS items at a time. Where loading in several runs can differ from one clustering of
// everything is explained in shared/match/README.md (Duties across towns › Loads that add towns).

import type { DuckDBConnection } from '@duckdb/node-api';
import { DutyCentres } from '../shared/match/duty-centres.ts';
import { distinctTexts } from '../shared/match/distinct-texts.ts';
import { normaliseForm, placeNameForms, removePlaceNames } from '../shared/match/normalise.ts';
import { appendRows } from './table-writer.ts';

/** Bumped when the duties tables change shape: older files are clustered again from nothing. */
export const DUTIES_VERSION = '2';
/** Items read and assigned together; a national first load takes ~20 batches. */
export const BATCH_ITEMS = 400_000;

/**
 * A batch of at least this many items has its garbage collected at once (below). A smaller one leaves
 * little, and collecting it was a full collection of the heap for nothing: ~18 ms of a one-town load.
 */
const COLLECT_AFTER_ITEMS = 50_000;

/**
 * One batch's items in item id order, column by column: ~400,000 items, as objects with their towns'
 * names repeated on each, held ~4× the memory (the clustering phase set the peak RSS of a load).
 */
interface BatchItems {
  ids: string[];
  townIds: string[];
  names: string[];
  /** Each town's place names (its own, its county's, its city's) in every form they are written. */
  placeForms: Map<string, string[]>;
}

export interface DutiesReport {
  mode: 'full' | 'incremental';
  /** Items assigned by this load. */
  items: number;
  /** Duties in the database afterwards, and how many this load made. */
  duties: number;
  newDuties: number;
  ms: number;
}

/** Assigns the items of the changed towns (every town when `full` or the file is older) to duties. */
export async function buildDuties(
  connection: DuckDBConnection,
  options: { full?: boolean } = {},
): Promise<DutiesReport> {
  const started = performance.now();
  const [state] = await rows<{ version: string | null; changed: number; towns: number }>(
    connection,
    `SELECT (SELECT value FROM meta WHERE key = 'duties_version') AS version,
            (SELECT count(*) FROM changed_towns)::INTEGER AS changed,
            (SELECT count(*) FROM towns)::INTEGER AS towns`,
  );
  const full =
    options.full === true ||
    state === undefined ||
    state.version !== DUTIES_VERSION ||
    state.changed * 4 > state.towns;
  if (full) {
    for (const table of ['item_duties', 'duty_texts', 'duties']) await connection.run(`DELETE FROM ${table}`);
    await connection.run('CREATE OR REPLACE TEMP TABLE duty_towns AS SELECT town_id FROM towns');
  } else {
    await connection.run(
      'CREATE OR REPLACE TEMP TABLE duty_towns AS SELECT DISTINCT town_id FROM changed_towns',
    );
    await connection.run('DELETE FROM item_duties WHERE town_id IN (SELECT town_id FROM duty_towns)');
  }

  const centres = new DutyCentres();
  centres.addCentres(
    (await rows<{ duty_id: number; centre: string }>(connection, 'SELECT duty_id, centre FROM duties')).map(
      (row) => ({ dutyId: row.duty_id, text: row.centre }),
    ),
  );
  const [max] = await rows<{ next: number }>(
    connection,
    'SELECT coalesce(max(duty_id) + 1, 0)::INTEGER AS next FROM duties',
  );
  let nextDuty = max?.next ?? 0;
  const firstDuty = nextDuty;
  let items = 0;
  for (const batch of await townBatches(connection)) {
    await connection.run('CREATE OR REPLACE TEMP TABLE duty_batch (town_id VARCHAR)');
    await appendRows(
      connection,
      'duty_batch',
      batch.map((town_id) => ({ town_id })),
      ['town_id'],
    );
    const [ids = [], townIds = [], names = []] = (
      await connection.runAndReadAll(
        `SELECT item_id, town_id, name FROM items
          WHERE town_id IN (SELECT town_id FROM duty_batch) ORDER BY item_id`,
      )
    ).getColumnsJS() as string[][];
    const placeForms = new Map<string, string[]>();
    for (const town of await rows<{
      town_id: string;
      name: string;
      county: string | null;
      city: string | null;
    }>(
      connection,
      'SELECT town_id, name, county, city FROM towns WHERE town_id IN (SELECT town_id FROM duty_batch)',
    ))
      placeForms.set(town.town_id, placeNameForms([town.name, town.county ?? '', town.city ?? '']));
    items += ids.length;
    nextDuty = await assignBatch(connection, centres, { ids, townIds, names, placeForms }, nextDuty);
    // A batch leaves ~400,000 items' strings and DuckDB's result chunks behind, the chunks' native
    // memory unseen by V8, which put off collecting them: in a 10,000-town load the clustering phase
    // reached 1.1 GB, 0.6 GB when each batch's garbage goes at once. Only with --expose-gc, as
    // `npm run etl` runs (the server's imports load a few towns), and only after a large batch.
    if (ids.length >= COLLECT_AFTER_ITEMS) (globalThis as { gc?: () => void }).gc?.();
  }
  for (const temp of ['duty_towns', 'duty_batch', 'duty_batch_texts'])
    await connection.run(`DROP TABLE IF EXISTS ${temp}`);
  await connection.run(
    `INSERT INTO meta VALUES ('duties_version', $version) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    { version: DUTIES_VERSION },
  );
  const [count] = await rows<{ n: number }>(connection, 'SELECT count(*)::INTEGER AS n FROM duties');
  return {
    mode: full ? 'full' : 'incremental',
    items,
    duties: count?.n ?? 0,
    newDuties: nextDuty - firstDuty,
    ms: performance.now() - started,
  };
}

async function rows<T>(connection: DuckDBConnection, sql: string): Promise<T[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as unknown as T[];
}

/** The towns to assign, in town id order (the order of item ids), cut into batches of about BATCH_ITEMS items. */
async function townBatches(connection: DuckDBConnection): Promise<string[][]> {
  const towns = await rows<{ town_id: string; n: number }>(
    connection,
    `SELECT town_id, count(*)::INTEGER AS n FROM items WHERE town_id IN (SELECT town_id FROM duty_towns)
      GROUP BY town_id ORDER BY town_id`,
  );
  const batches: string[][] = [];
  let size = Infinity;
  for (const town of towns) {
    if (size + town.n > BATCH_ITEMS) {
      batches.push([]);
      size = 0;
    }
    batches.at(-1)!.push(town.town_id);
    size += town.n;
  }
  return batches;
}

/** Assigns one batch's items (in item id order) to duties and writes them. Returns the next free duty id. */
async function assignBatch(
  connection: DuckDBConnection,
  centres: DutyCentres,
  items: BatchItems,
  nextDuty: number,
): Promise<number> {
  const { ids, townIds, names, placeForms } = items;
  // Most towns copy most items from a common template, so a batch's names repeat: each distinct name
  // is form-normalised once (five passes over the text: a quarter of the clustering's JavaScript time
  // when every item's name went through them; 1,000 towns: clustering 1.5 → 1.1–1.2 s).
  const formOf = new Map<string, string>();
  const formOfName = (name: string): string => {
    let form = formOf.get(name);
    if (form === undefined) {
      form = normaliseForm(name);
      formOf.set(name, form);
    }
    return form;
  };
  // Distinct normalised texts, with how many items use each, its first item and the towns holding it.
  const {
    texts,
    frequency,
    firstItem,
    textOfItem,
    indexOf: textIndex,
  } = distinctTexts(ids.length, (i) =>
    removePlaceNames(formOfName(names[i]!), placeForms.get(townIds[i]!) ?? []),
  );
  const towns = texts.map(() => new Set<string>());
  townIds.forEach((town, i) => towns[textOfItem[i]!]!.add(town));

  // Texts seen in earlier loads keep their duty.
  const dutyOfText = new Int32Array(texts.length).fill(-1);
  await connection.run('CREATE OR REPLACE TEMP TABLE duty_batch_texts (t INTEGER, text VARCHAR)');
  await appendRows(
    connection,
    'duty_batch_texts',
    texts.map((text, t) => ({ t, text })),
    ['t', 'text'],
  );
  for (const row of await rows<{ t: number; duty_id: number }>(
    connection,
    'SELECT b.t, d.duty_id FROM duty_batch_texts b JOIN duty_texts d USING (text)',
  ))
    dutyOfText[row.t] = row.duty_id;

  // The others, as clusterDuties() takes them; a text never joins a centre that one of its towns also holds.
  const fresh = texts.flatMap((_, t) => (dutyOfText[t] === -1 ? [t] : []));
  const newDuties: { duty_id: number; label: string; centre: string }[] = [];
  const assigned = centres.assign(
    fresh.map((t) => texts[t]!),
    fresh.map((t) => frequency[t]!),
    (k, centre) => {
      const other = textIndex.get(centre);
      if (other === undefined) return false;
      const held = towns[other]!;
      for (const town of towns[fresh[k]!]!) if (held.has(town)) return true;
      return false;
    },
    (k) => {
      const t = fresh[k]!;
      newDuties.push({ duty_id: nextDuty, label: names[firstItem[t]!]!, centre: texts[t]! });
      return nextDuty++;
    },
  );
  fresh.forEach((t, k) => (dutyOfText[t] = assigned[k]!));

  await appendRows(connection, 'duties', newDuties, ['duty_id', 'label', 'centre']);
  await appendRows(
    connection,
    'duty_texts',
    fresh.map((t) => ({ text: texts[t]!, duty_id: dutyOfText[t]! })),
    ['text', 'duty_id'],
  );
  // Appended straight from the columns: a row object per item would double the batch's memory.
  const appender = await connection.createAppender('item_duties');
  for (let i = 0; i < ids.length; i++) {
    appender.appendVarchar(ids[i]!);
    appender.appendVarchar(townIds[i]!);
    appender.appendInteger(dutyOfText[textOfItem[i]!]!);
    appender.endRow();
  }
  appender.closeSync();
  return nextDuty;
}
