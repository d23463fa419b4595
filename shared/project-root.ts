// The project folder: the nearest one up with a package.json. The same from the sources (etl/,
// server/) and from the compiled bundles (dist/etl/, dist/server/), so data files and SQL are found
// either way.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function projectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}
