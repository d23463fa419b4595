// The client's weight and speed: the initial JS of a production build (gzip) and the overview's
// LCP and total blocking time in headless Chromium. Used by `npm run bench` and the size-budget test.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../support/browser.ts';
import { ROOT } from '../support/server-process.ts';

export interface BundleResult {
  outDir: string;
  entry: string;
  files: { file: string; bytes: number; gzipBytes: number }[];
  initialJsBytes: number;
  initialJsGzipBytes: number;
  buildS: number;
}

/** Builds the client into a temp folder and sums the entry script and its modulepreloads, gzipped. */
export async function measureBundle(outDir: string): Promise<BundleResult> {
  const started = performance.now();
  const build = await new Promise<{ code: number | null; output: string }>((done, reject) => {
    const child = spawn('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => done({ code, output }));
  });
  if (build.code !== 0) throw new Error(`vite build failed:\n${build.output.slice(-3000)}`);
  return { ...initialJs(outDir), outDir, buildS: (performance.now() - started) / 1000 };
}

/** The JS a first visit must load: index.html's module script plus its modulepreload links. */
export function initialJs(outDir: string): Omit<BundleResult, 'outDir' | 'buildS'> {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1] ?? '');
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  );
  const entry = scripts[0] ?? '';
  const files = [...new Set([...scripts, ...preloads])].map((href) => {
    const bytes = readFileSync(join(outDir, href.replace(/^\//, '')));
    return { file: href, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  return {
    entry,
    files,
    initialJsBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    initialJsGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}

export interface PageResult {
  lcpMs: number;
  tbtMs: number;
  fcpMs: number;
  longTasks: number;
  /** All JS the overview loaded (lazy chunks included), as transferred and as decoded. */
  jsBytes: number;
  jsDecodedBytes: number;
  apiRequests: number;
  runs: number;
}

/** LCP and total blocking time of the overview (/) in headless Chromium, median of `runs` cold loads. */
export async function measurePage(url: string, runs: number): Promise<PageResult> {
  const browser = await launchBrowser();
  const results: {
    lcp: number;
    tbt: number;
    fcp: number;
    longTasks: number;
    jsBytes: number;
    jsDecodedBytes: number;
    apiRequests: number;
  }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { __lcp: number; __long: { start: number; duration: number }[] };
        w.__lcp = 0;
        w.__long = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) w.__lcp = entry.startTime;
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries())
            w.__long.push({ start: entry.startTime, duration: entry.duration });
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(url, { waitUntil: 'networkidle', timeout: 60_000 });
      // Charts render after their data arrives; give the last paint and tasks a moment to land.
      await page.waitForTimeout(1_500);
      const measured = await page.evaluate(() => {
        const w = window as unknown as { __lcp: number; __long: { start: number; duration: number }[] };
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
        const blocking = w.__long
          .filter((task) => task.start + task.duration > fcp)
          .reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0);
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const js = resources.filter((r) => new URL(r.name).pathname.endsWith('.js'));
        return {
          lcp: w.__lcp,
          tbt: blocking,
          fcp,
          longTasks: w.__long.length,
          // Encoded (compressed when the server compressed it) bytes of every script the overview loaded.
          jsBytes: js.reduce((sum, r) => sum + r.encodedBodySize, 0),
          jsDecodedBytes: js.reduce((sum, r) => sum + r.decodedBodySize, 0),
          apiRequests: resources.filter((r) => new URL(r.name).pathname.startsWith('/api/')).length,
        };
      });
      results.push(measured);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  return {
    lcpMs: median(results.map((r) => r.lcp)),
    tbtMs: median(results.map((r) => r.tbt)),
    fcpMs: median(results.map((r) => r.fcp)),
    longTasks: median(results.map((r) => r.longTasks)),
    jsBytes: median(results.map((r) => r.jsBytes)),
    jsDecodedBytes: median(results.map((r) => r.jsDecodedBytes)),
    apiRequests: median(results.map((r) => r.apiRequests)),
    runs,
  };
}
