// Rasterises the Word report's chart SVGs to PNG (resvg, with a CJK font) on one worker thread of its own,
// started for a report and stopped after it. Measured with tests/bench/report-bench.ts (compiled server,
// 1,000 towns): rasterising on the event loop held it for seconds per chart, so /api/health waited; with
// resvg's renderAsync on libuv's pool each pool thread kept its own heap of freed font and pixmap memory,
// and the report's peak RSS was 421 MB (zh-CN) and 496 MB (en) against 379 and 445 MB on one thread.
import { createRequire } from 'node:module';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { workerScript } from '../shared/worker-script.ts';
import { backgroundThreadNice } from './thread-priority.ts';

const require = createRequire(import.meta.url);

/**
 * Fonts resvg draws the Chinese labels with: the first that exists. Noto Sans SC ships in an npm
 * dependency, so the report looks the same on every machine, a fresh one without system fonts included;
 * Debian's CJK fonts are the fallback for an install that pruned it.
 */
function npmFont(): string | undefined {
  try {
    const dir = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
    return path.join(dir, '400Regular', 'NotoSansSC_400Regular.ttf');
  } catch {
    return undefined;
  }
}
const CJK_FONTS: ReadonlyArray<{ file: string | undefined; family: string }> = [
  { file: npmFont(), family: 'Noto Sans SC' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYi Micro Hei' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' },
];

/** A chart to rasterise, as sent to the thread (server/report-png-worker.ts). */
export interface PngRequest {
  id: number;
  svg: string;
  options: ResvgRenderOptions;
}
export type PngReply = { id: number; png: Uint8Array } | { id: number; error: string };

// Compiled (dist/server/, `npm start`) the bundle's own report-png-worker.js (an entry point of
// build:server), else report-png-worker.ts through tsx.
const WORKER = workerScript('report-png-worker', import.meta.url);

export interface Rasteriser {
  /** The SVG as a PNG `width` px wide. */
  png(svg: string, width: number): Promise<Buffer>;
  /** Stops the thread (its memory goes with it). */
  close(): Promise<void>;
}

export function createRasteriser(): Rasteriser {
  const font = CJK_FONTS.find((f) => f.file !== undefined && existsSync(f.file));
  const worker = new Worker(WORKER.url, {
    argv: WORKER.argv,
    workerData: { nice: backgroundThreadNice() },
    execArgv: [],
  });
  const pending = new Map<number, { resolve: (png: Buffer) => void; reject: (error: Error) => void }>();
  let next = 0;
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: PngReply) => {
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) p?.reject(new Error(`rasterising a chart failed: ${reply.error}`));
    else p?.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the chart rasteriser stopped (exit ${code})`)));
  return {
    png(svg, width) {
      const id = next++;
      const options: ResvgRenderOptions = {
        fitTo: { mode: 'width', value: width },
        background: '#ffffff',
        font: {
          fontFiles: font?.file ? [font.file] : [],
          loadSystemFonts: font === undefined,
          defaultFontFamily: font?.family ?? 'sans-serif',
        },
      };
      return new Promise<Buffer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, svg, options } satisfies PngRequest);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
