// The three list kinds a town publishes, in their published order (no dependencies, so every
// ETL module can import it without pulling in a parser).

export const LIST_KINDS = ['basic', 'cooperative', 'reclaimed'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** The title words of each kind's list. */
export const KIND_TITLES: Record<ListKind, string> = {
  basic: '基本履职事项清单',
  cooperative: '配合履职事项清单',
  reclaimed: '上级部门收回事项清单',
};
