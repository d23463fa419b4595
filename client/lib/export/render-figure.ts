// Browser side of chart exports: renders the print-ready option to SVG off screen with the dashboard's
// ECharts wrapper (loaded lazily, the one module importing ECharts), composes the captioned figure and
// rasterises it to a 2× PNG on a white background.
import type { EChartsOption } from 'echarts/types/dist/option';
import type { Lang } from '../../../shared/i18n.ts';
import {
  EXPORT_PIXEL_RATIO,
  EXPORT_WIDTH,
  composeChartSvg,
  exportOption,
  type ChartFigure,
} from '../../../shared/export/decorate-option.ts';
import type { ExportCaption } from '../../../shared/export/export-caption.ts';

export async function renderFigure(
  option: EChartsOption,
  caption: ExportCaption,
  chartHeight: number,
  lang: Lang,
  width = EXPORT_WIDTH,
): Promise<ChartFigure> {
  const { renderOptionToSvg } = await import('../../components/echarts-chart.tsx');
  const chartSvg = renderOptionToSvg(exportOption(option, width), width, chartHeight, lang);
  return composeChartSvg(chartSvg, caption, width, chartHeight);
}

/** Draws the SVG figure on a canvas at 2× and encodes it as PNG. */
export async function figureToPng(figure: ChartFigure, ratio = EXPORT_PIXEL_RATIO): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([figure.svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('could not draw the chart image'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(figure.width * ratio);
    canvas.height = Math.round(figure.height * ratio);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
