// Whether a list's rows come from more than one town: then its rows name their towns (item numbers restart
// in every town's list, so a number alone no longer says which line of which list a row is).

export function severalTowns(rows: ReadonlyArray<{ townId: string }> | undefined): boolean {
  if (rows === undefined || rows.length < 2) return false;
  const first = rows[0]?.townId;
  return rows.some((row) => row.townId !== first);
}
