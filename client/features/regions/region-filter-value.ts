// Which string a chosen region goes into the URL as: its name when no other loaded region bears it
// (region=根河市 reads well and survives copying), otherwise its full path, which is unique (a county has
// many namesakes nationwide: 城关镇, 新华街道…). Pure.

export interface RegionLike {
  level: string;
  name: string;
  path: string;
}

/** `sameName`: the answer of GET /api/regions?q=<name>, exact matches first. */
export function regionFilterValue(region: RegionLike, sameName: readonly RegionLike[]): string {
  const namesakes = sameName.filter((r) => r.name === region.name);
  const onlyThisOne = namesakes.length === 1 && namesakes[0]?.path === region.path;
  return onlyThisOne ? region.name : region.path;
}
