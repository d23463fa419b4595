// SQL fragments shared by the queries: fixed orderings of the closed sets, from shared/vocabulary.ts.
import { kindRank } from '../../shared/kind-bits.ts';
import { SUPPORT_TYPES } from '../../shared/vocabulary.ts';

/** A vocabulary as a SQL list literal; its values are fixed identifiers-like words, never user input. */
const sqlList = (values: readonly string[]) => `[${values.map((value) => `'${value}'`).join(', ')}]`;

/** Position of a list kind in the published order (basic, cooperative, reclaimed); the ETL reads it too. */
export { kindRank };

/** Position of a support type in the taxonomy's order. */
export const supportRank = (column: string) => `list_position(${sqlList(SUPPORT_TYPES)}, ${column})`;

/**
 * `category_order(category, first)`: where each category first appears in the published lists
 * (basic list first, then cooperative, then reclaimed), over all items so filters never reorder it.
 */
export const categoryOrder = `category_order AS (
  SELECT category, min(${kindRank('kind')} * 100000 + category_ordinal) AS first FROM items GROUP BY category
)`;
