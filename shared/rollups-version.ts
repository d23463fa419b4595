// The version of the roll-ups' shape and rank scheme (etl/rollups.sql, etl/rollup-penalty-lists.sql). The
// ETL stores it in `meta` when it builds them and builds them whole when a file holds another; the server
// reads roll-ups only of this version, and answers from the base tables otherwise (same answers, slower)
// until the next load brings the file up to date.
export const ROLLUPS_VERSION = '13';
