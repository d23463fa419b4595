import { describe, expect, it } from 'vitest';
import {
  buildCaption,
  captionLines,
  describeFilters,
  exportFileName,
  figureCaption,
  formatExportTime,
} from '../../shared/export/export-caption.ts';
import { createTranslator } from '../../shared/i18n.ts';
import { emptyFilters } from '../../client/lib/url-state.ts';

const zh = createTranslator('zh-CN');
const en = createTranslator('en');
const towns = [
  {
    townId: 't1',
    name: '阿龙山镇',
    fullName: '内蒙古自治区呼伦贝尔市根河市阿龙山镇',
    sourceFile: 'alongshan-2025.txt',
  },
];
const at = new Date('2026-11-29T01:41:00Z');

describe('export caption', () => {
  it('says the filters in words, in both languages', () => {
    const filters = {
      ...emptyFilters(),
      kind: ['reclaimed' as const],
      department: ['根河市林业和草原局'],
      q: '森林',
    };
    expect(describeFilters(filters, towns, zh, 'zh-CN')).toBe(
      '当前筛选：清单：上级收回；部门：根河市林业和草原局；搜索：“森林”',
    );
    expect(describeFilters(filters, towns, en, 'en')).toBe(
      'Filters: List: Reclaimed; Department: 根河市林业和草原局 (Forestry and Grassland Bureau); Search: "森林"',
    );
    expect(describeFilters(emptyFilters(), towns, zh, 'zh-CN')).toBe('当前筛选：未筛选（全部事项）');
  });

  it('names the source town, its file, the lists, the load and export times (Beijing time)', () => {
    const caption = buildCaption('各部门事项数（按清单）', {
      filters: { ...emptyFilters(), town: ['t1'] },
      towns,
      loadedAt: '2026-11-29T01:00:00.000Z',
      exportedAt: at,
      t: zh,
      lang: 'zh-CN',
    });
    expect(caption).toEqual({
      title: '各部门事项数（按清单）',
      lines: [
        '当前筛选：乡镇：阿龙山镇',
        '数据来源：内蒙古自治区呼伦贝尔市根河市阿龙山镇（alongshan-2025.txt）；清单：基本履职事项、配合履职事项、上级部门收回事项',
        '数据载入：2026-11-29 09:00 北京时间；导出：2026-11-29 09:41 北京时间',
      ],
    });
    expect(formatExportTime(at, 'en')).toBe('2026-11-29 09:41 UTC+8');
  });

  it('builds file names from the title and the export time', () => {
    expect(exportFileName('部门 × 保障类型', at, 'png')).toBe('部门_×_保障类型-20261129-0941.png');
    expect(exportFileName('a/b:c?', at, 'csv')).toBe('a_b_c-20261129-0941.csv');
  });

  it('captions a server query: absent filters, and the towns the database picked with their total', () => {
    // GET /api/charts/:name.svg passes its parsed query (a filter not given is absent) and a first page
    // of the towns the filters select, with how many there are.
    const picked = ['金河镇', '阿龙山镇', '满归镇'].map((name, i) => ({
      townId: `t${i + 2}`,
      name,
      fullName: `内蒙古自治区呼伦贝尔市根河市${name}`,
      sourceFile: `${name}.txt`,
    }));
    const caption = buildCaption('各部门收回的行政处罚事项', {
      filters: { region: ['根河市'], town: ['t2'], kind: undefined },
      towns: picked,
      source: { towns: picked, total: 7 },
      loadedAt: null,
      exportedAt: at,
      t: zh,
      lang: 'zh-CN',
    });
    expect(caption.lines).toEqual([
      '当前筛选：地区：根河市；乡镇：金河镇',
      '数据来源：7 个乡镇（内蒙古自治区呼伦贝尔市根河市金河镇 等）；清单：基本履职事项、配合履职事项、上级部门收回事项',
      '数据载入：—；导出：2026-11-29 09:41 北京时间',
    ]);
  });

  it('lays one set of facts out two ways: a stand-alone figure carries them, a report figure does not', () => {
    const source = {
      filters: { ...emptyFilters(), kind: ['reclaimed' as const] },
      towns,
      loadedAt: '2026-11-29T01:00:00.000Z',
      exportedAt: at,
      t: zh,
      lang: 'zh-CN' as const,
    };
    const facts = captionLines(source);
    expect(facts).toEqual([
      '当前筛选：清单：上级收回',
      '数据来源：内蒙古自治区呼伦贝尔市根河市阿龙山镇（alongshan-2025.txt）；清单：上级部门收回事项',
      '数据载入：2026-11-29 09:00 北京时间；导出：2026-11-29 09:41 北京时间',
    ]);
    const cap = '图中为关联事项最多的 50 个部门（共 3,195 个）';
    expect(figureCaption('full', '各部门事项数（按清单）', source)).toEqual(
      buildCaption('各部门事项数（按清单）', source),
    );
    expect(figureCaption('full', '各部门事项数（按清单）', source, [cap]).lines).toEqual([...facts, cap]);
    // In a report the header states the facts and the report's text titles the figure: only the note stays.
    expect(figureCaption('report', '各部门事项数（按清单）', source, [cap])).toEqual({
      title: '各部门事项数（按清单）',
      lines: [cap],
      showTitle: false,
    });
    expect(figureCaption('report', '各部门事项数（按清单）', source).lines).toEqual([]);
  });
});
