// What can be exported on the current view: each chart card (and the items table) registers itself here
// while mounted, so "export all" can gather every chart of the view without the views knowing about it.
// Also the context a chart card gives its chart, through which the chart hands over the option it draws.
import type { EChartsOption } from 'echarts/types/dist/option';
import { createContext } from 'react';
import type { DataTable } from '../../../shared/export/data-table.ts';

export interface ExportSource {
  id: string;
  title: string;
  /** Height of the chart as the dashboard draws it; the exported figure adds its caption on top. */
  height: number;
  /** The option currently drawn, or null (table mode, not loaded yet, no chart at all). */
  getOption: () => EChartsOption | null;
  /** The data behind it; may fetch (the items table reads every page). */
  getTable: () => Promise<DataTable | null>;
}

/** A source with data and no chart (a table or list): it exports as CSV or XLSX only. */
export function tableSource(
  id: string,
  title: string,
  getTable: () => Promise<DataTable | null>,
): ExportSource {
  return { id, title, height: 0, getOption: () => null, getTable };
}

const sources = new Map<string, ExportSource>();

export function registerExportSource(source: ExportSource): () => void {
  sources.set(source.id, source);
  return () => {
    if (sources.get(source.id) === source) sources.delete(source.id);
  };
}

/** Registered sources in mount order (the order they appear on the page). */
export function exportSources(): ExportSource[] {
  return [...sources.values()];
}

/** A chart reports the option it draws to the card around it. */
export const ChartOptionSink = createContext<((option: EChartsOption | null) => void) | null>(null);
