// A set of list kinds as one integer, a bit per kind in KINDS order (basic 1, cooperative 2, reclaimed 4).
// The roll-up rollup_duty_town stores in it the kinds a town holds a duty in (etl/rollups.sql, where
// {{kind_bit}} and {{mask_A_B}} are written from here), and the divergent duties' query reads it to count
// the towns holding a duty in any of the kinds asked for without a DISTINCT
// (server/queries/divergent-duties.ts).
import { KINDS, type Kind } from './vocabulary.ts';

export const kindBit = (kind: Kind): number => 1 << KINDS.indexOf(kind);

/** The set of these kinds. */
export const kindsMask = (kinds: readonly Kind[]): number =>
  kinds.reduce((mask, kind) => mask | kindBit(kind), 0);

/**
 * SQL: the position of the kind in `column` (a kind name) in the published order, 1 for basic: the items
 * page's and the categories' order (server/queries/sql.ts), and the bit below.
 */
export const kindRank = (column: string): string =>
  `list_position([${KINDS.map((kind) => `'${kind}'`).join(', ')}], ${column})`;

/** SQL: the bit of the kind in `column` (a kind name). */
export const kindBitSql = (column: string): string => `(1 << (${kindRank(column)} - 1))`;

/** The pairs of kinds in KINDS order: rollup_duties_all counts the towns holding a duty in either of each. */
export const KIND_PAIRS: readonly (readonly [Kind, Kind])[] = KINDS.flatMap((first, i) =>
  KINDS.slice(i + 1).map((second) => [first, second] as const),
);
