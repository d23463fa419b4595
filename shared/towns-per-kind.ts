// How many town names GET /api/duties/divergent lists per duty and kind (the kinds' counts say how many
// there are in all): the server's page and the roll-up that stores those names (etl/rollups.sql,
// `{{towns_per_kind}}`) read this one number.

/** Town names listed per kind for each duty. */
export const TOWNS_PER_KIND = 12;
