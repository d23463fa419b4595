// The export actions behind the menus: one chart as PNG / SVG, its data as CSV / XLSX, and every chart
// of the view as one ZIP (PNG + SVG + CSV each, plus one workbook). Each names its file after the title
// and the export time.
import { toCsv } from './csv.ts';
import type { DataTable } from '../../../shared/export/data-table.ts';
import { saveBlob, MIME } from './download.ts';
import { exportFileName, type ExportCaption } from '../../../shared/export/export-caption.ts';
import type { ExportSource } from './export-sources.ts';
import { loadExcel, loadZip } from './lazy-libs.ts';
import { figureToPng, renderFigure } from './render-figure.ts';
import type { ExportEnv } from './use-export-env.ts';
import { buildWorkbook } from './xlsx.ts';

export const EXPORT_FORMATS = ['png', 'svg', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

async function workbookBlob(tables: DataTable[], caption: ExportCaption, env: ExportEnv): Promise<Blob> {
  const excel = await loadExcel();
  const workbook = buildWorkbook(excel, tables, { caption, infoSheet: env.t('export.infoSheet') });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], { type: MIME.xlsx });
}

async function figure(source: ExportSource, caption: ExportCaption, env: ExportEnv) {
  const option = source.getOption();
  if (!option) throw new Error(env.t('export.noChart'));
  return renderFigure(option, caption, source.height, env.lang);
}

async function table(source: ExportSource, env: ExportEnv): Promise<DataTable> {
  const data = await source.getTable();
  if (!data) throw new Error(env.t('export.noData'));
  return data;
}

export async function exportOne(source: ExportSource, format: ExportFormat, env: ExportEnv): Promise<void> {
  const at = new Date();
  const caption = env.caption(source.title, at);
  const name = exportFileName(source.title, at, format);
  if (format === 'png') saveBlob(await figureToPng(await figure(source, caption, env)), name);
  else if (format === 'svg')
    saveBlob(new Blob([(await figure(source, caption, env)).svg], { type: MIME.svg }), name);
  else if (format === 'csv') saveBlob(new Blob([toCsv(await table(source, env))], { type: MIME.csv }), name);
  else saveBlob(await workbookBlob([await table(source, env)], caption, env), name);
}

/** Every source of the view in one ZIP: chart PNG + SVG where there is a chart, CSV of each table. */
export async function exportAll(sources: readonly ExportSource[], viewTitle: string, env: ExportEnv) {
  const at = new Date();
  const JSZip = await loadZip();
  const zip = new JSZip();
  const tables: DataTable[] = [];
  for (const source of sources) {
    const caption = env.caption(source.title, at);
    const stem = exportFileName(source.title, at, '').slice(0, -1);
    if (source.getOption()) {
      const fig = await figure(source, caption, env);
      zip.file(`${stem}.svg`, fig.svg);
      zip.file(`${stem}.png`, await figureToPng(fig));
    }
    const data = await source.getTable();
    if (data) {
      tables.push(data);
      zip.file(`${stem}.csv`, toCsv(data));
    }
  }
  const caption = env.caption(viewTitle, at);
  if (tables.length > 0) {
    zip.file(exportFileName(viewTitle, at, 'xlsx'), await workbookBlob(tables, caption, env));
  }
  zip.file('README.txt', `\uFEFF${[caption.title, ...caption.lines].join('\r\n')}\r\n`);
  saveBlob(
    await zip.generateAsync({ type: 'blob', mimeType: MIME.zip }),
    exportFileName(viewTitle, at, 'zip'),
  );
}
