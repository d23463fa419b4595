// Copies of the real seed list renamed to other towns, so a reload visibly changes the database
// (each variant adds 181 items) while going through the real ETL.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_FILE } from '../support/seed-db.ts';

const NAMES = [
  '测试一镇',
  '测试二镇',
  '测试三镇',
  '测试四镇',
  '测试五镇',
  '测试六镇',
  '测试七镇',
  '测试八镇',
];

/** Writes `count` renamed copies of the seed into dir and returns their paths. */
export function writeTownVariants(dir: string, count: number): string[] {
  const seed = readFileSync(SEED_FILE, 'utf8');
  return NAMES.slice(0, count).map((name, index) => {
    const file = join(dir, `variant-${index + 1}.txt`);
    writeFileSync(file, seed.replaceAll('阿龙山镇', name));
    return file;
  });
}
