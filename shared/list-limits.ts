// The longest list of departments one answer of the API gives: departments, bureaus, flow-chart nodes,
// departments in the support heatmap (server/filters/request-schemas.ts). The roll-ups store ranks and
// lists only this far (etl/rollups.sql, etl/rollup-penalty-lists.sql): one town added moves the place of
// most departments in the long tail, and a place beyond every list is never read by rank.

/** Departments (or bureaus) one answer lists at most. */
export const MAX_LISTED_DEPARTMENTS = 5000;
