// The dashboard charts that have a name outside the dashboard: GET /api/charts/<name>.svg renders them
// (server/charts/chart-specs.ts) and the printable report embeds them by that name. Each with its
// heading, an i18n key.
import type { MessageKey } from '../i18n.ts';

export const CHART_TITLES = {
  categories: 'overview.categories',
  flows: 'overview.flows',
  departments: 'departments.chart',
  bureaus: 'enforcement.bureaus',
  'support-heatmap': 'support.heatmap',
  'support-types': 'support.types',
  towns: 'towns.compare',
} as const satisfies Record<string, MessageKey>;

export type ChartName = keyof typeof CHART_TITLES;
export const CHART_NAMES = Object.keys(CHART_TITLES) as ChartName[];

export function isChartName(name: string): name is ChartName {
  return Object.prototype.hasOwnProperty.call(CHART_TITLES, name);
}
