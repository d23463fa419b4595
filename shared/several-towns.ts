// Whether a list's rows come from more than one town: then its rows name their towns (item numbers restart
// in every town's list, so a number alone no longer says which line of which list a row is). Told by the
// names a town column would show: where every row's town reads the same, the column would say nothing.

export function severalTowns(rows: ReadonlyArray<{ townName: string }> | undefined): boolean {
  if (rows === undefined || rows.length < 2) return false;
  const first = rows[0]?.townName;
  return rows.some((row) => row.townName !== first);
}
