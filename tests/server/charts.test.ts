// GET /api/charts/:name.svg: the dashboard's charts rendered on the server (ECharts SSR) from the real
// seed, parsed back as XML with jsdom's DOMParser.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { axisDepartmentLabel } from '../../shared/format.ts';
import { kindColor } from '../../shared/charts/palette.ts';
import { CHART_NAMES } from '../../shared/charts/chart-names.ts';
import { buildTownRankingOption } from '../../shared/charts/build-town-ranking-option.ts';
import { createTranslator } from '../../shared/i18n.ts';
import { CHARTS } from '../../server/charts/chart-specs.ts';
import { renderChartRequest, renderChartSvg } from '../../server/charts/render-chart-svg.ts';
import type { ChartSvgRequest } from '../../server/chart-svg-thread.ts';
import { listTownComparison } from '../../server/queries/town-compare.ts';
import { buildRegionDb } from './region-towns.ts';
import { TOWN_FULL_NAME, openSeedApp, type SeedApp } from './seed-app.ts';

// jsdom ships no types (and @types/jsdom is not installed); only its XML parser is needed here.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: { DOMParser: typeof DOMParser } };
};
const XmlParser = new JSDOM('').window.DOMParser;

let seed: SeedApp;
beforeAll(async () => {
  seed = await openSeedApp();
});
afterAll(async () => {
  await seed?.close();
});

// First in the file: ECharts says each warning once per process, and this test must be the one to hear it.
describe('ECharts on the server', () => {
  it('draws every chart, and the town ranking, without a warning from ECharts', async () => {
    // ECharts' development build (NODE_ENV is not 'production' here, nor under `npm start`) warns on the
    // console about settings it ignores or has deprecated: `grid.containLabel` without its legacy module did.
    const messages: string[] = [];
    const spies = (['log', 'warn', 'error'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        messages.push(args.map(String).join(' '));
      }),
    );
    let drawn = 0;
    try {
      const { towns } = await listTownComparison(seed.db, {
        sort: 'reclaimed',
        order: 'desc',
        limit: 10,
        offset: 0,
      });
      for (const lang of ['zh-CN', 'en'] as const) {
        for (const name of CHART_NAMES) {
          const data = await CHARTS[name].data(seed.db, {});
          const caption = { title: name, lines: [] };
          const request = { name, data, lang, caption, width: 960, chartHeight: CHARTS[name].height };
          if (renderChartRequest(request as ChartSvgRequest).includes('</svg>')) drawn += 1;
        }
        const ranking = buildTownRankingOption(towns, createTranslator(lang));
        const svg = renderChartSvg({
          option: ranking,
          caption: { title: 'towns', lines: [] },
          width: 960,
          chartHeight: 320,
          lang,
        });
        if (svg.includes('</svg>')) drawn += 1;
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(drawn).toBe((CHART_NAMES.length + 1) * 2);
    expect(messages.filter((message) => message.includes('[ECharts]'))).toEqual([]);
  });
});

async function getSvg(url: string, headers: Record<string, string> = {}) {
  const res = await seed.app.request(url, { headers });
  const text = await res.text();
  return { res, text };
}

/** Parses the SVG strictly as XML; fails the test on any well-formedness error. */
function parseSvg(text: string) {
  const doc = new XmlParser().parseFromString(text, 'image/svg+xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  expect(doc.documentElement.tagName).toBe('svg');
  expect(doc.documentElement.namespaceURI).toBe('http://www.w3.org/2000/svg');
  const texts = [...doc.getElementsByTagName('text')].map((node) => node.textContent ?? '');
  return { doc, root: doc.documentElement, texts };
}

const CHINESE_TITLES: Record<string, string> = {
  categories: '各类别事项数（按清单）',
  flows: '事项流向：类别 → 清单 → 承接部门',
  departments: '各部门事项数（按清单）',
  bureaus: '各部门收回的行政处罚事项',
  'support-heatmap': '部门 × 保障类型',
  'support-types': '各类保障覆盖的配合事项数',
  towns: '两个乡镇的事项分布对比',
};

describe('GET /api/charts/departments.svg?kind=reclaimed', () => {
  it('draws 13 reclaimed bars labelled with the 13 receiving departments, under the Chinese title', async () => {
    const { res, text } = await getSvg('/api/charts/departments.svg?kind=reclaimed');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const { doc, root, texts } = parseSvg(text);

    expect(doc.getElementsByTagName('title')[0]?.textContent).toBe('各部门事项数（按清单）');
    expect(texts[0]).toBe('各部门事项数（按清单）');

    const departments = await seed.get<{ rows: Array<{ department: string; reclaimed: number }> }>(
      '/api/departments?kind=reclaimed',
    );
    expect(departments.body.rows).toHaveLength(13);
    for (const row of departments.body.rows) expect(texts).toContain(axisDepartmentLabel(row.department, 11));
    expect(texts).toContain('农牧水利科技局');
    expect(texts).toContain('生态环境局根河市分局');

    const bars = [...root.querySelectorAll('path[ecmeta_ssr_type="chart"]')].filter(
      (path) => path.getAttribute('fill') === kindColor('reclaimed'),
    );
    expect(bars).toHaveLength(13);
    // The bar labels: 14 农牧水利科技局, 11 城市管理综合执法局, 10 林业和草原局, 8, 6, 4, 3, 2, 2, 1 × 4.
    const counts = texts.filter((t) => /^\d+$/.test(t)).map(Number);
    for (const n of [14, 11, 10, 8, 6, 4, 3]) expect(counts).toContain(n);
  });

  it('carries the filters in words, the data source, the load date and the export time as text', async () => {
    const before = Date.now();
    // A URL no other test asks for: a cached answer (server/response-cache.ts) keeps the minute it was
    // drawn in, which is not this request's when the minute turned since (this test failed so in a run).
    const { text } = await getSvg('/api/charts/departments.svg?kind=reclaimed&width=804');
    const { doc, texts } = parseSvg(text);
    const [meta] = await seed.sql(`SELECT value FROM meta WHERE key = 'loaded_at'`);
    const beijing = (iso: string | number) => {
      const date = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
      return `${date.slice(0, 10)} ${date.slice(11, 16)} 北京时间`;
    };
    expect(texts).toContain('当前筛选：清单：上级收回');
    expect(texts).toContain(`数据来源：${TOWN_FULL_NAME}（alongshan-2025.txt）；清单：上级部门收回事项`);
    const times = texts.find((t) => t.startsWith('数据载入：')) ?? '';
    expect(times).toContain(`数据载入：${beijing(String(meta?.value))}`);
    // The export minute is the request's (or the next, if the minute turned meanwhile).
    expect([beijing(before), beijing(Date.now())].some((time) => times.includes(`导出：${time}`))).toBe(true);
    expect(doc.getElementsByTagName('desc')[0]?.textContent).toContain('当前筛选：清单：上级收回');
  });

  it('names a CJK-capable font list and keeps every label as text', async () => {
    const { text } = await getSvg('/api/charts/departments.svg?kind=reclaimed');
    const { root, texts } = parseSvg(text);
    expect(root.getAttribute('font-family')).toBe(
      "'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif",
    );
    expect(text).not.toContain('PingFang SC", ');
    expect(root.querySelectorAll('image, foreignObject')).toHaveLength(0);
    expect(texts.length).toBeGreaterThan(30);
  });
});

describe('GET /api/charts/:name.svg', () => {
  it('renders every dashboard chart as well-formed SVG with its Chinese title', async () => {
    expect(CHART_NAMES).toEqual(Object.keys(CHINESE_TITLES));
    for (const name of CHART_NAMES) {
      const { res, text } = await getSvg(`/api/charts/${name}.svg`);
      expect(res.status, name).toBe(200);
      const { doc, texts } = parseSvg(text);
      expect(doc.getElementsByTagName('title')[0]?.textContent, name).toBe(CHINESE_TITLES[name]);
      expect(texts, name).toContain('当前筛选：未筛选（全部事项）');
      expect(texts.length, name).toBeGreaterThan(8);
    }
  });

  it('labels the Sankey with categories, lists and departments', async () => {
    const { texts } = parseSvg((await getSvg('/api/charts/flows.svg')).text);
    for (const label of ['生态环保', '基本履职', '配合履职', '上级收回', '乡镇本级', '农牧水利科技局']) {
      expect(texts).toContain(label);
    }
  });

  it('follows the filters: bureaus of one department, 7 penalty items', async () => {
    const { texts } = parseSvg(
      (await getSvg(`/api/charts/bureaus.svg?department=${encodeURIComponent('根河市林业和草原局')}`)).text,
    );
    expect(texts).toContain('当前筛选：部门：根河市林业和草原局');
    expect(texts).toContain('林业和草原局');
    expect(texts).toContain('7');
    expect(texts).not.toContain('城市管理综合执法局');
  });

  it('shows the empty state when the filters leave nothing to draw', async () => {
    const { texts } = parseSvg((await getSvg('/api/charts/support-heatmap.svg?kind=reclaimed')).text);
    expect(texts).toContain('当前筛选下没有数据');
  });

  it('speaks English with lang=en and keeps the Chinese title in <title>', async () => {
    const { text } = await getSvg('/api/charts/departments.svg?lang=en&kind=reclaimed');
    const { doc, texts } = parseSvg(text);
    expect(texts[0]).toBe('Items per department, by list');
    expect(doc.getElementsByTagName('title')[0]?.textContent).toBe(
      'Items per department, by list（各部门事项数（按清单））',
    );
    expect(texts).toContain('Filters: List: Reclaimed');
    expect(texts.some((t) => t.startsWith('Data loaded: ') && t.includes('UTC+8'))).toBe(true);
  });

  it('wraps English caption lines at spaces, never inside a word', async () => {
    const { doc, root } = parseSvg((await getSvg('/api/charts/departments.svg?lang=en&width=400')).text);
    const wordsOf = (text: string) => text.match(/[A-Za-z0-9][\w.+-]*/g) ?? [];
    const words = new Set(wordsOf(doc.getElementsByTagName('desc')[0]?.textContent ?? ''));
    // The caption is the root's own text; the chart's labels sit in a group below it.
    const caption = [...root.children]
      .filter((node) => node.tagName === 'text' && node.getAttribute('font-size') === '12')
      .map((node) => node.textContent ?? '');
    expect(caption.slice(0, 4)).toEqual([
      'Filters: No filters (all items)',
      `Source: ${TOWN_FULL_NAME}`,
      '(alongshan-2025.txt); Lists: Basic duties,',
      'Cooperative duties, Reclaimed by departments',
    ]);
    expect(caption[4]).toMatch(/^Data loaded: \d{4}-\d\d-\d\d \d\d:\d\d UTC\+8; Exported:$/);
    for (const line of caption) {
      expect(line).toBe(line.trim());
      for (const word of wordsOf(line)) expect(words, `${word} in ${line}`).toContain(word);
    }
  });

  it('leaves the caption to the report with caption=report: the chart alone, titled only in <title>', async () => {
    const full = parseSvg((await getSvg('/api/charts/bureaus.svg')).text);
    const { res, text } = await getSvg('/api/charts/bureaus.svg?caption=report');
    expect(res.status).toBe(200);
    const { doc, root, texts } = parseSvg(text);
    expect(doc.getElementsByTagName('title')[0]?.textContent).toBe('各部门收回的行政处罚事项');
    // No title, filters, source or times drawn: the root holds no text of its own.
    expect([...root.children].filter((node) => node.tagName === 'text')).toHaveLength(0);
    for (const said of ['各部门收回的行政处罚事项', '当前筛选', '数据来源', '数据载入']) {
      expect(
        texts.some((t) => t.includes(said)),
        said,
      ).toBe(false);
      expect(
        full.texts.some((t) => t.includes(said)),
        said,
      ).toBe(true);
    }
    // The chart is still there: the forestry bureau's 7 and the enforcement bureau's 11.
    expect(texts).toEqual(expect.arrayContaining(['7', '11']));
    // The bureaus chart as tall as the dashboard draws it for the seed's 4 bureaus (160 px, the least a
    // chart gets) and the bottom margin; the full caption adds its lines on top.
    expect(root.getAttribute('height')).toBe('172');
    expect(Number(full.root.getAttribute('height'))).toBeGreaterThan(172 + 80);

    const bad = await seed.app.request('/api/charts/bureaus.svg?caption=short');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('caption');
  });

  it('takes the image size from width and height', async () => {
    const { root } = parseSvg((await getSvg('/api/charts/categories.svg?width=800&height=500')).text);
    expect(root.getAttribute('width')).toBe('800');
    expect(root.getAttribute('height')).toBe('500');
    expect(root.getAttribute('viewBox')).toBe('0 0 800 500');
  });

  it('is cached and revalidated like the data: ETag, no-cache, 304; CSP unchanged', async () => {
    const first = await getSvg('/api/charts/categories.svg');
    const etag = first.res.headers.get('etag');
    expect(etag).toMatch(/^(W\/)?"/);
    expect(first.res.headers.get('cache-control')).toBe('no-cache');
    expect(first.res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const again = await getSvg('/api/charts/categories.svg');
    expect(again.text).toBe(first.text);
    const revalidated = await seed.app.request('/api/charts/categories.svg', {
      headers: { 'If-None-Match': etag ?? '' },
    });
    expect(revalidated.status).toBe(304);
  });

  it('answers 404 in the error shape for a chart that does not exist, whatever the query', async () => {
    for (const path of [
      '/api/charts/nope.svg',
      '/api/charts/departments.png',
      '/api/charts/departments',
      '/api/charts/nope.svg?kind=x',
      `/api/charts/${'x'.repeat(500)}.svg`,
      '/api/charts/departments.svg/more',
    ]) {
      const res = await seed.get<{ error: { code: string; message: string } }>(path);
      expect(res.status, path.slice(0, 60)).toBe(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
    const res = await seed.get<{ error: { message: string } }>('/api/charts/nope.svg');
    expect(res.body.error.message).toContain('departments.svg');
  });

  it('answers 400 in the error shape naming a bad filter, lang, width or height', async () => {
    for (const [query, name] of [
      ['kind=x', 'kind'],
      [`department=${encodeURIComponent('不存在的局')}`, 'department'],
      [`region=${encodeURIComponent('不存在市')}`, 'region'],
      ['lang=fr', 'lang'],
      ['width=10', 'width'],
      ['width=99999', 'width'],
      ['height=1.5', 'height'],
      ['format=png', 'format'],
    ]) {
      const res = await seed.get<{ error: { code: string; message: string } }>(
        `/api/charts/departments.svg?${query}`,
      );
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toContain(name);
    }
  });

  it('is described in /api/openapi.json', async () => {
    const res = await seed.get<{
      paths: Record<string, { get: { parameters: Array<{ name: string; in: string }>; responses: object } }>;
    }>('/api/openapi.json');
    const chart = res.body.paths['/api/charts/{chart}.svg'];
    expect(chart?.get.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['path:chart', 'query:kind', 'query:region', 'query:lang', 'query:width']),
    );
    expect(JSON.stringify(chart?.get.responses)).toContain('image/svg+xml');
  });
});

describe('charts over several towns', () => {
  it('names every town of the region as the source and adds their numbers', async () => {
    const { dbPath } = await buildRegionDb();
    const app = await openSeedApp({}, dbPath);
    try {
      const res = await app.app.request(`/api/charts/bureaus.svg?region=${encodeURIComponent('根河市')}`);
      const { texts } = parseSvg(await res.text());
      expect(texts).toContain('当前筛选：地区：根河市');
      expect(texts).toContain(
        '数据来源：内蒙古自治区呼伦贝尔市根河市金河镇、内蒙古自治区呼伦贝尔市根河市阿龙山镇；清单：基本履职事项、配合履职事项、上级部门收回事项',
      );
      // 城市管理综合执法局 11 + 9, 林业和草原局 7 + 7, 农牧水利科技局 6 + 6, 自然资源局 4 + 0.
      for (const n of ['20', '14', '12', '4']) expect(texts).toContain(n);
    } finally {
      await app.close();
    }
  });
});
