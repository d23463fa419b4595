// Synthetic town duty lists for benchmarks and hardening tests, in the published text format.
//
// Every file is derived from the seed (data/raw/alongshan-2025.txt): its real rows are the
// templates, re-homed into generated provinces → cities → counties → towns, with varied counts per
// list and category, items moved between lists and departments drawn from a realistic set of
// county bureaus. Everything comes from a seeded PRNG, so a corpus is the same on every run, and
// town i is the same whether it is written alone or in a batch. Declared counts always match and
// every department is prefixed with the town's own region, so the real ETL loads the files with
// zero warnings.
//
// CLI: `npx tsx tests/bench/generate.ts --towns 100 [--out DIR] [--seed N]` (defaults to a temp
// folder; never write into data/).

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

export const SEED_FILE = join(import.meta.dirname, '..', '..', 'data', 'raw', 'alongshan-2025.txt');

export type Kind = 'basic' | 'cooperative' | 'reclaimed';
export const KINDS: readonly Kind[] = ['basic', 'cooperative', 'reclaimed'];

const TITLES: Record<Kind, string> = {
  basic: '基本履职事项清单',
  cooperative: '配合履职事项清单',
  reclaimed: '上级部门收回事项清单',
};
const HEADERS: Record<Kind, string> = {
  basic: '序号\t事项名称',
  cooperative: '序号\t事项名称\t对应上级部门\t上级部门职责（含提供的履职保障）\t苏木乡镇（街道）配合职责',
  reclaimed: '序号\t事项名称\t承接部门及工作方式',
};
const WIDTH: Record<Kind, number> = { basic: 2, cooperative: 5, reclaimed: 3 };

// The seed's own region names, replaced in every template row.
const SEED_PROVINCE = '内蒙古自治区';
const SEED_CITY = '呼伦贝尔市';
const SEED_COUNTY = '根河市';
const SEED_TOWN = '阿龙山镇';

/** One data row of the seed: its cells (序号 first), under a category of a list. */
export interface TemplateRow {
  kind: Kind;
  category: string;
  cells: string[];
}

export interface SeedTemplates {
  /** Categories per list in the seed's order, each with its rows. */
  lists: Record<Kind, { name: string; rows: TemplateRow[] }[]>;
}

const CATEGORY_LINE = /^([一二三四五六七八九十]+)\s*[、.．]\s*(.+?)\s*[（(]\s*\d+\s*项\s*[）)]\s*$/;
const TITLE_LINE = /(基本履职事项清单|配合履职事项清单|上级部门收回事项清单)/;

/** Reads the seed's rows, grouped by list and category (continuation lines joined). */
export function readSeedTemplates(text: string = readFileSync(SEED_FILE, 'utf8')): SeedTemplates {
  const lists: SeedTemplates['lists'] = { basic: [], cooperative: [], reclaimed: [] };
  let kind: Kind | null = null;
  let category: { name: string; rows: TemplateRow[] } | null = null;
  let last: TemplateRow | null = null;
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue;
    const first = (line.split('\t')[0] ?? '').trim();
    const title = TITLE_LINE.exec(line);
    if (title && !line.includes('\t')) {
      kind = KINDS.find((k) => TITLES[k] === title[1]) ?? null;
      category = null;
      last = null;
      continue;
    }
    if (kind === null || first === '序号') continue;
    const header = CATEGORY_LINE.exec(first);
    if (header) {
      category = { name: header[2] ?? '', rows: [] };
      lists[kind].push(category);
      last = null;
      continue;
    }
    if (/^\d+$/.test(first) && category !== null) {
      last = { kind, category: category.name, cells: line.split('\t') };
      category.rows.push(last);
      continue;
    }
    // A cell holding a line break: the rest of the row continues on this line.
    if (last !== null) {
      const joined = `${last.cells.join('\t')}\n${line}`;
      last.cells = joined.split('\t');
    }
  }
  for (const k of KINDS) {
    for (const c of lists[k]) {
      for (const row of c.rows) {
        while (row.cells.length > WIDTH[k] && (row.cells[row.cells.length - 1] ?? '').trim() === '') {
          row.cells.pop();
        }
      }
    }
  }
  return { lists };
}

/** mulberry32: small, fast, good enough for synthetic data; same seed → same sequence. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, values: readonly T[]): T => {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
};
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

const PROVINCES = [
  '河北省',
  '山西省',
  '内蒙古自治区',
  '辽宁省',
  '吉林省',
  '黑龙江省',
  '江苏省',
  '浙江省',
  '安徽省',
  '福建省',
  '江西省',
  '山东省',
  '河南省',
  '湖北省',
  '湖南省',
  '广东省',
  '广西壮族自治区',
  '海南省',
  '四川省',
  '贵州省',
  '云南省',
  '西藏自治区',
  '陕西省',
  '甘肃省',
  '青海省',
  '宁夏回族自治区',
  '新疆维吾尔自治区',
];

// Place-name characters. None is a level suffix (省 区 市 州 盟 县 旗 镇 乡 街 道 苏 木 林 特 地),
// so the ETL's title pattern splits every generated path at the intended levels.
const NAME_CHARS = [
  ...'安平阳山河江湖泉源水清东西南北中新兴宁和丰广长永福康泰华明青白红金石桥沙田溪峰岭原台营屯堡关口坪塘湾洲浦滨海岗城龙凤云松柏桃杏梅兰竹花春秋晨星月光辉德仁义礼信恒昌盛隆吉祥瑞嘉宝顺通达远高大小上下前后左右井池塔寺庙铺集店庄寨坝岩',
];

const CITY_SUFFIXES = ['市', '市', '市', '市', '自治州', '盟'];
const COUNTY_SUFFIXES = ['县', '县', '区', '市', '县'];
const TOWN_SUFFIXES = ['镇', '镇', '镇', '乡', '街道'];

/** Bureaus a county has, beyond the seed's own departments (realistic 局/委/办 names). */
export const COUNTY_BUREAUS = [
  '发展和改革委员会',
  '教育局',
  '科学技术局',
  '工业和信息化局',
  '公安局',
  '民政局',
  '司法局',
  '财政局',
  '人力资源和社会保障局',
  '自然资源局',
  '住房和城乡建设局',
  '交通运输局',
  '水利局',
  '农业农村局',
  '商务局',
  '文化和旅游局',
  '卫生健康委员会',
  '退役军人事务局',
  '应急管理局',
  '审计局',
  '市场监督管理局',
  '统计局',
  '医疗保障局',
  '林业和草原局',
  '城市管理综合执法局',
  '乡村振兴局',
  '信访局',
  '数据局',
  '消防救援大队',
  '气象局',
  '委宣传部',
  '委组织部',
  '委政法委员会',
  '委社会工作部',
];

export interface TownPlace {
  index: number;
  province: string;
  city: string;
  county: string;
  town: string;
  fullName: string;
}

/**
 * The administrative path of every town: counties of 5–20 towns, cities of 4–14 counties,
 * cities spread over the provinces. County names are unique in the corpus (departments are
 * prefixed with them); town names are unique within their county.
 */
export function planPlaces(towns: number, seed = 1): TownPlace[] {
  const random = prng(seed ^ 0x5eed);
  const places: TownPlace[] = [];
  const usedCities = new Set<string>();
  const usedCounties = new Set<string>();
  const uniqueName = (used: Set<string>, suffixes: readonly string[], province: string): string => {
    for (let length = 2; ; length++) {
      for (let attempt = 0; attempt < 20; attempt++) {
        let name = '';
        for (let i = 0; i < length; i++) name += pick(random, NAME_CHARS);
        const suffix = pick(random, suffixes);
        // 旗 only exists in Inner Mongolia; 盟 likewise.
        const full = name + (province === '内蒙古自治区' && suffix === '县' ? '旗' : suffix);
        if (!used.has(full)) {
          used.add(full);
          return full;
        }
      }
    }
  };
  let cityIndex = 0;
  while (places.length < towns) {
    const province = PROVINCES[cityIndex % PROVINCES.length] ?? '河北省';
    const citySuffixes =
      province === '内蒙古自治区' ? CITY_SUFFIXES : CITY_SUFFIXES.filter((s) => s !== '盟');
    const city = uniqueName(usedCities, citySuffixes, province);
    cityIndex += 1;
    const counties = between(random, 4, 14);
    for (let c = 0; c < counties && places.length < towns; c++) {
      const county = uniqueName(usedCounties, COUNTY_SUFFIXES, province);
      const townNames = new Set<string>();
      const count = between(random, 5, 20);
      for (let t = 0; t < count && places.length < towns; t++) {
        const suffixes = province === '内蒙古自治区' ? [...TOWN_SUFFIXES, '苏木'] : TOWN_SUFFIXES;
        const town = uniqueName(townNames, suffixes, '');
        places.push({
          index: places.length,
          province,
          city,
          county,
          town,
          fullName: province + city + county + town,
        });
      }
    }
  }
  return places;
}

/** The seed itself is town 0 of scale 1, so one-town runs measure the real list. */
function seedPlace(): TownPlace {
  return {
    index: 0,
    province: SEED_PROVINCE,
    city: SEED_CITY,
    county: SEED_COUNTY,
    town: SEED_TOWN,
    fullName: SEED_PROVINCE + SEED_CITY + SEED_COUNTY + SEED_TOWN,
  };
}

/** Rewrites a seed row's text to another town: short department forms first, then region names. */
function rehome(text: string, place: TownPlace): string {
  return text
    .replaceAll(`${SEED_CITY}生态环境局${SEED_COUNTY}分局`, '\u0001')
    .replaceAll(`生态环境局${SEED_COUNTY}分局`, '\u0001')
    .replaceAll('根河信访局', `${SEED_COUNTY}信访局`)
    .replaceAll('\u0001', `${place.city}生态环境局${place.county}分局`)
    .replaceAll(SEED_TOWN, place.town)
    .replaceAll('阿龙山', place.town.replace(/(镇|乡|街道|苏木)$/, ''))
    .replaceAll(SEED_COUNTY, place.county)
    .replaceAll(SEED_CITY, place.city);
}

/** Department names in a rehomed row (cooperative: column 3; reclaimed: before the first ：). */
function departmentNames(kind: Kind, cells: readonly string[]): string[] {
  const cell =
    kind === 'cooperative'
      ? (cells[2] ?? '')
      : kind === 'reclaimed'
        ? (cells[2] ?? '').replace(/<[^>]*>/g, '').split(/[：:]/)[0]!
        : '';
  return cell
    .replace(/<[^>]*>/g, '')
    .split(/[、，,；;]/)
    .map((name) => name.replace(/[\s\u3000]+/g, '').replace(/[（(][^）)]*[）)]$/, ''))
    .filter((name) => name !== '');
}

/** Converts a row of another list into a row of `kind`, borrowing the other columns from a template. */
function moveRow(row: TemplateRow, kind: Kind, donor: TemplateRow): string[] {
  const name = row.cells[1] ?? '';
  if (kind === 'basic') return ['0', name];
  return ['0', name, ...donor.cells.slice(2)];
}

export interface TownCounts {
  basic: number;
  cooperative: number;
  reclaimed: number;
}

export interface GeneratedTown {
  place: TownPlace;
  text: string;
  counts: TownCounts;
  /** Canonical department names the town's rows link to. */
  departments: Set<string>;
}

/** Builds one town's file text. Deterministic in (seed, place.index). */
export function generateTown(templates: SeedTemplates, place: TownPlace, seed = 1): GeneratedTown {
  const random = prng((seed * 0x9e3779b1) ^ (place.index + 1));
  const counts: TownCounts = { basic: 0, cooperative: 0, reclaimed: 0 };
  const departments = new Set<string>();
  const lines: string[] = ['', ''];
  const allRows = KINDS.flatMap((k) => templates.lists[k].flatMap((c) => c.rows));

  for (const kind of KINDS) {
    const blocks: { name: string; rows: string[][] }[] = [];
    for (const category of templates.lists[kind]) {
      if (category.rows.length === 0) continue;
      // Some towns drop a small category altogether; the rest vary around the seed's count.
      if (category.rows.length <= 3 && random() < 0.1) continue;
      const count = Math.max(1, Math.round(category.rows.length * (0.6 + random() * 0.8)));
      const donors = templates.lists[kind].flatMap((c) => c.rows);
      const rows: string[][] = [];
      for (let i = 0; i < count; i++) {
        let cells: string[];
        const moved = random() < 0.06 ? pick(random, allRows) : null;
        if (moved && moved.kind !== kind && !/^\s*[*＊]/.test(moved.cells[1] ?? '')) {
          cells = moveRow(moved, kind, pick(random, donors));
        } else {
          cells = [...(pick(random, category.rows).cells as string[])];
        }
        cells = cells.map((cell) => rehome(cell, place));
        // A different bureau of the same county takes over some rows' departments.
        const names = departmentNames(kind, cells);
        if (names.length > 0 && random() < 0.3) {
          const from = pick(random, names);
          if (from.startsWith(place.county)) {
            const to = place.county + pick(random, COUNTY_BUREAUS);
            if (!names.includes(to)) cells = cells.map((cell) => cell.replaceAll(from, to));
          }
        }
        for (const name of departmentNames(kind, cells)) departments.add(name);
        rows.push(cells);
      }
      blocks.push({ name: category.name, rows });
    }
    const total = blocks.reduce((sum, block) => sum + block.rows.length, 0);
    if (total === 0) continue;
    counts[kind] = total;
    const declared = random() < 0.5 ? `（${total}项）` : ` (${total}项)`;
    lines.push(`${place.fullName}${TITLES[kind]}${declared}`, '', HEADERS[kind]);
    let seq = 0;
    let sinceHeader = 0;
    blocks.forEach((block, index) => {
      const header = `${chineseNumeral(index + 1)}、${block.name}（${block.rows.length}项）`;
      lines.push(header + '\t'.repeat(WIDTH[kind] - 1));
      for (const cells of block.rows) {
        if (sinceHeader >= 6 + Math.floor(random() * 5)) {
          lines.push('', HEADERS[kind]);
          sinceHeader = 0;
        }
        seq += 1;
        sinceHeader += 1;
        cells[0] = String(seq);
        lines.push(cells.join('\t'));
      }
    });
    lines.push('');
  }
  return { place, text: lines.join('\n'), counts, departments };
}

function seedTown(templates: SeedTemplates): GeneratedTown {
  const count = (kind: Kind) => templates.lists[kind].reduce((sum, c) => sum + c.rows.length, 0);
  const departments = new Set(
    KINDS.flatMap((kind) =>
      templates.lists[kind].flatMap((c) =>
        c.rows.flatMap((row) => departmentNames(kind, rehome(row.cells.join('\t'), seedPlace()).split('\t'))),
      ),
    ),
  );
  return {
    place: seedPlace(),
    text: '',
    counts: { basic: count('basic'), cooperative: count('cooperative'), reclaimed: count('reclaimed') },
    departments,
  };
}

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
function chineseNumeral(n: number): string {
  if (n < 10) return DIGITS[n] ?? '';
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${DIGITS[n % 10]}`;
}

export interface CorpusSummary {
  dir: string;
  files: string[];
  towns: number;
  bytes: number;
  items: TownCounts & { total: number };
  provinces: number;
  cities: number;
  counties: number;
  departments: number;
  /** A town, county, city and province present in the corpus, for filters. */
  sample: TownPlace;
}

export interface GenerateOptions {
  /** Towns in the whole corpus (the region plan depends on it). */
  towns: number;
  dir: string;
  seed?: number;
  /** Write only towns [from, to) of the corpus: batches of a corpus too large for one go. */
  from?: number;
  to?: number;
}

/**
 * Writes one file per town into dir, one at a time (never the whole corpus in memory).
 * At towns = 1 the single file is the seed town itself, rewritten through the same generator.
 */
export function generateCorpus(options: GenerateOptions): CorpusSummary {
  const seed = options.seed ?? 1;
  const templates = readSeedTemplates();
  const places = options.towns === 1 ? [seedPlace()] : planPlaces(options.towns, seed);
  const from = options.from ?? 0;
  const to = Math.min(options.to ?? places.length, places.length);
  mkdirSync(options.dir, { recursive: true });
  const files: string[] = [];
  const items = { basic: 0, cooperative: 0, reclaimed: 0, total: 0 };
  const departments = new Set<string>();
  let bytes = 0;
  for (let index = from; index < to; index++) {
    const place = places[index];
    if (!place) break;
    // One town is the seed itself, byte for byte: scale 1 measures the real list.
    const town = options.towns === 1 ? seedTown(templates) : generateTown(templates, place, seed);
    const file = join(options.dir, `town-${String(index).padStart(5, '0')}.txt`);
    const buffer = options.towns === 1 ? readFileSync(SEED_FILE) : Buffer.from(town.text, 'utf8');
    writeFileSync(file, buffer);
    bytes += buffer.length;
    files.push(file);
    for (const kind of KINDS) items[kind] += town.counts[kind];
    for (const name of town.departments) departments.add(name);
  }
  items.total = items.basic + items.cooperative + items.reclaimed;
  const slice = places.slice(from, to);
  const first = slice[0] ?? places[0];
  if (!first) throw new Error('no towns to generate');
  return {
    dir: options.dir,
    files,
    towns: files.length,
    bytes,
    items,
    provinces: new Set(slice.map((p) => p.province)).size,
    cities: new Set(slice.map((p) => p.city)).size,
    counties: new Set(slice.map((p) => p.county)).size,
    departments: departments.size,
    sample: first,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      towns: { type: 'string', default: '100' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
    },
  });
  const towns = Number(values.towns);
  const dir = values.out ? resolve(values.out) : mkdtempSync(join(tmpdir(), 'duty-map-corpus-'));
  const started = performance.now();
  const summary = generateCorpus({ towns, dir, seed: Number(values.seed) });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `wrote ${summary.towns} towns (${summary.items.total} items, ${(summary.bytes / 1e6).toFixed(1)} MB, ` +
      `${summary.provinces} provinces, ${summary.cities} cities, ${summary.counties} counties, ` +
      `${summary.departments} departments) to ${dir} in ${seconds.toFixed(1)} s`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
