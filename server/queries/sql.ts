// SQL fragments shared by the queries: fixed orderings of the closed sets, written once.

/** Position of a list kind in the published order (basic, cooperative, reclaimed). */
export const kindRank = (column: string) => `list_position(['basic', 'cooperative', 'reclaimed'], ${column})`;

/** Position of a support type in the taxonomy's order. */
export const supportRank = (column: string) =>
  `list_position(['policy', 'training', 'guidance', 'technical', 'funding', 'staff', 'materials', 'other'], ${column})`;

/**
 * `category_order(category, first)`: where each category first appears in the published lists
 * (basic list first, then cooperative, then reclaimed), over all items so filters never reorder it.
 */
export const categoryOrder = `category_order AS (
  SELECT category, min(${kindRank('kind')} * 100000 + category_ordinal) AS first FROM items GROUP BY category
)`;
