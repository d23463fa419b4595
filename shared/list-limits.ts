// The longest list of departments one answer of the API gives: departments, bureaus, flow-chart nodes,
// departments in the support heatmap (server/filters/request-schemas.ts). The roll-ups store ranks and
// lists only this far (etl/rollups.sql, etl/rollup-penalty-lists.sql): one town added moves the place of
// most departments in the long tail, and a place beyond every list is never read by rank. Likewise the
// kept items' paging places: a page beyond them is sorted when asked for.

/** Departments (or bureaus) one answer lists at most. */
export const MAX_LISTED_DEPARTMENTS = 5000;

/** Kept items numbered for paging over the whole database (the first 100 pages of 50). */
export const RANKED_KEPT_ITEMS = 5000;

/**
 * The meta keys under which a load records how far its roll-ups went (etl/refresh-rollups.ts RollupCaps;
 * tests set them lower), read by the server (server/queries/plan.ts).
 */
export const ROLLUP_CAP_KEYS = {
  rankedDepartments: 'ranked_departments',
  storedBureaus: 'stored_bureaus',
  rankedKept: 'ranked_kept',
} as const;
