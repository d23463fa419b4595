// What the benchmark's sections share: latency percentiles, number formatting, target rows (value,
// target and their ratio, measured in the same run), the request headers and per-process memory.
import { readStatus } from '../support/server-process.ts';

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return {
    n: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

export const ms = (value: number) =>
  Number.isFinite(value) ? (value < 10 ? value.toFixed(2) : value.toFixed(1)) : '–';
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export interface TargetRow {
  metric: string;
  value: string;
  target: string;
  ratio: string;
  met: string;
}

export function targetRow(
  metric: string,
  value: number,
  target: number,
  unit: string,
  higherIsBetter = false,
): TargetRow {
  const ratio = value / target;
  const met = Number.isFinite(value) ? (higherIsBetter ? value >= target : value <= target) : false;
  const show = (v: number) =>
    unit === 'MB'
      ? mb(v)
      : unit === 'MiB'
        ? `${(v / 2 ** 20).toFixed(1)} MiB`
        : unit === 'KB'
          ? `${(v / 1024).toFixed(1)} KB`
          : unit === '%'
            ? `${(v * 100).toFixed(1)} %`
            : `${ms(v)} ${unit}`;
  return {
    metric,
    value: Number.isFinite(value) ? show(value) : 'n/a',
    target: `${higherIsBetter ? '≥' : '≤'} ${show(target)}`,
    ratio: Number.isFinite(ratio) ? ratio.toFixed(2) : '–',
    met: Number.isFinite(value) ? (met ? 'met' : 'MISSED') : 'not measured',
  };
}

/** As a browser asks: compressed answers. */
export const HEADERS = { 'accept-encoding': 'gzip' };

/** The largest value of a /proc status field over the given processes. */
export const maxOver = (pids: number[], field: 'VmHWM' | 'VmRSS') =>
  Math.max(...pids.map((pid) => readStatus(pid, field)).filter(Number.isFinite));
