// The one i18n layer: a Simplified Chinese dictionary (the default) and an English one with exactly the
// same keys (the type checker enforces it), plus label helpers for the closed vocabularies of the data.
// The vocabularies' own labels come from shared/vocabulary.ts and the filters' from the filter registry; everything else the dashboard, the
// exports and the server's SVG charts say is written here.
import {
  DEPARTMENT_TYPE_TERMS,
  DEPARTMENT_TYPES,
  CATEGORY_TERMS,
  KIND_TERMS,
  KINDS,
  LINK_ROLE_TERMS,
  LINK_ROLES,
  SUPPORT_TYPE_TERMS,
  SUPPORT_TYPES,
  type DepartmentType,
  type Kind,
  type Labels,
  type LinkRole,
  type SupportType,
} from './vocabulary.ts';
import { FILTER_DIMENSIONS, FILTER_NAMES } from './filters/filter-dimensions.ts';
import { departmentGloss } from './department-gloss.ts';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** `{prefix}.{value}` → the value's label in one language, for every value of a vocabulary. */
function terms<P extends string, V extends string>(
  prefix: P,
  values: readonly V[],
  label: (value: V) => Labels,
  lang: keyof Labels,
): Record<`${P}.${V}`, string> {
  return Object.fromEntries(values.map((value) => [`${prefix}.${value}`, label(value)[lang]])) as Record<
    `${P}.${V}`,
    string
  >;
}

function vocabularyMessages(lang: keyof Labels) {
  return {
    ...terms('kind', KINDS, (kind) => KIND_TERMS[kind].label, lang),
    ...terms('kindLong', KINDS, (kind) => KIND_TERMS[kind].long, lang),
    ...terms('departmentType', DEPARTMENT_TYPES, (type) => DEPARTMENT_TYPE_TERMS[type].label, lang),
    ...terms('supportType', SUPPORT_TYPES, (type) => SUPPORT_TYPE_TERMS[type].label, lang),
    ...terms('supportTypeShort', SUPPORT_TYPES, (type) => SUPPORT_TYPE_TERMS[type].short, lang),
    ...terms('items.role', LINK_ROLES, (role) => LINK_ROLE_TERMS[role].label, lang),
    ...terms('filters', FILTER_NAMES, (name) => FILTER_DIMENSIONS[name].label, lang),
    ...terms('category', Object.keys(CATEGORY_TERMS), (c) => CATEGORY_TERMS[c] ?? { zh: c, en: c }, lang),
  };
}

const zhCN = {
  ...vocabularyMessages('zh'),

  'app.title': '乡镇履职事项清单',
  'app.subtitle': '上级部门与乡镇之间的职责分担',
  'app.language': '语言',
  'app.switchLanguage': 'English',
  'app.decal': '图案填充',
  'app.decalHint': '为色觉障碍读者在图形上加图案',
  'app.town': '乡镇',
  'app.allTowns': '全部乡镇',
  'app.loadedAt': '数据载入于 {time}',
  'app.skipToContent': '跳到主要内容',
  'app.copyLink': '复制链接',
  'app.copyLinkHint': '链接包含当前视图和全部筛选条件',
  'app.copied': '已复制',
  'app.menu': '菜单',
  'app.langCode': 'zh-CN',
  'app.listSeparator': '、',

  'view.overview': '概览',
  'view.departments': '部门',
  'view.enforcement': '执法',
  'view.support': '履职保障',
  'view.items': '事项',
  'view.quality': '数据质量',
  'view.towns': '乡镇对比',
  'view.navLabel': '视图',

  'filters.label': '当前筛选',
  'filters.none': '未筛选：显示全部事项。点击图表中的柱、节点、单元格或图例即可筛选。',
  'filters.clear': '清除全部筛选',
  'filters.remove': '移除筛选：{label}',
  'filters.chip': '{key}：{value}',

  'state.loading': '加载中…',
  'state.empty': '当前筛选下没有数据',
  'state.error': '数据加载失败：{message}',
  'state.retry': '重试',

  'aria.separator': '；',
  'aria.categories': '各类别事项数，共 {n} 个类别：{rows}。',
  'aria.departments': '各部门事项数，共 {n} 个部门：{rows}。',
  'aria.bureaus': '各部门收回的行政处罚事项，共 {n} 个部门：{rows}。',
  'aria.supportTypes': '各类履职保障的配合事项数，共 {n} 类：{rows}。',
  'aria.heatmap': '部门提供的履职保障，共 {n} 个部门：{rows}。',
  'aria.flows': '事项从类别到清单再到部门的流向，共 {n} 条：{rows}。',
  'unknown.one': '数据中没有{filter}“{value}”。链接里的这个筛选条件可能有误或已过期。',
  'unknown.many': '数据中没有这些筛选值：{values}。链接里的筛选条件可能有误或已过期。',
  'unknown.separator': '、',
  'unknown.removeOne': '移除这个筛选',
  'unknown.removeAll': '移除这些筛选',

  'chart.viewAsTable': '以表格查看',
  'chart.viewAsChart': '以图表查看',
  'chart.clickHint': '点击可筛选',
  'chart.items': '事项数',
  'chart.count': '数量',
  'chart.town': '乡镇本级',
  'chart.from': '来源',
  'chart.to': '流向',

  'overview.headline': '职责分担概况',
  'overview.total': '事项总数',
  'overview.basicNote': '乡镇自行履职',
  'overview.cooperativeNote': '上级部门牵头、乡镇配合',
  'overview.reclaimedNote': '由上级部门收回承接',
  'overview.penalties': '行政处罚权',
  'overview.penaltiesReclaimed': '收回的处罚事项',
  'overview.penaltiesKept': '乡镇保留的处罚条款',
  'overview.penaltiesKeptItems': '分布在 {n} 个基本履职事项中',
  'overview.support': '配合事项的保障',
  'overview.withFundingOrStaff': '有经费或人员支持',
  'overview.policyOnly': '仅有政策解读',
  'overview.ofCooperative': '共 {n} 项配合事项',
  'overview.departments': '涉及部门',
  'overview.flows': '事项流向：类别 → 清单 → 承接部门',
  'overview.flowsNote': '连线宽度为事项与部门的关联数；基本履职事项流向乡镇本级。',
  'overview.categories': '各类别事项数（按清单）',

  'departments.chart': '各部门事项数（按清单）',
  'departments.chartNote': '按部门类型分组；点击柱可按部门筛选，点击部门名查看详情。',
  'departments.detail': '部门详情',
  'departments.pickHint': '在图中点击部门名称，或点选下方的部门，查看其收回、配合事项和提供的保障。',
  'departments.close': '关闭详情',
  'departments.tookBack': '收回承接的事项',
  'departments.shares': '与乡镇配合履职的事项',
  'departments.supportGiven': '提供的履职保障',
  'departments.none': '无',
  'departments.type': '类型',
  'departments.total': '合计',
  'departments.name': '部门',
  'departments.open': '查看详情',
  'departments.filter': '按此部门筛选',
  'departments.group': '{type}（{n}）',

  'enforcement.bureaus': '各部门收回的行政处罚事项',
  'enforcement.bureausNote': '乡镇不再承担这些处罚，由上级部门按立案至归档八个阶段执法。',
  'enforcement.kept': '乡镇保留的处罚条款（按事项）',
  'enforcement.keptExport': '乡镇保留的处罚条款',
  'enforcement.keptSummary': '{clauses} 条处罚条款，分布在 {items} 个基本履职事项中',
  'enforcement.clauses': '{n} 条',
  'chart.penaltyItems': '收回的处罚事项',
  'enforcement.keptNoDepartment':
    '保留的处罚条款属于乡镇的基本履职事项，这些事项不关联任何部门；按部门筛选时这里没有条款。移除部门筛选即可查看。',
  'enforcement.item': '事项',

  'support.heatmap': '部门 × 保障类型',
  'support.heatmapNote': '单元格为该部门提供此类保障的配合事项数；点击单元格同时按部门和保障类型筛选。',
  'support.types': '各类保障覆盖的配合事项数',
  'support.typesNote': '一项配合事项可有多种保障。',

  'items.search': '搜索事项名称和全部文本',
  'items.searchPlaceholder': '例如：森林',
  'items.total': '共 {n} 项',
  'items.seq': '序号',
  'items.kind': '清单',
  'items.category': '类别',
  'items.name': '事项名称',
  'items.departments': '部门',
  'items.support': '保障',
  'items.penalty': '处罚',
  'items.prev': '上一页',
  'items.next': '下一页',
  'items.page': '第 {page} / {pages} 页',
  'items.sortBy': '按{column}排序',
  'items.detail': '事项详情',
  'items.close': '关闭',
  'items.source': '来源：{file} 第 {line} 行',
  'items.departmentDuties': '部门职责',
  'items.townDuties': '乡镇配合职责',
  'items.method': '承接部门及工作方式',
  'items.stages': '执法程序',
  'items.penaltyClauses': '保留的处罚条款',
  'items.supportRaw': '履职保障',
  'items.rawName': '原文名称：{name}',
  'items.yes': '是',
  'items.perPage': '每页 {n} 项',

  'quality.issues': '载入警告',
  'quality.issuesNone': '载入时没有警告。',
  'quality.aliases': '已应用的部门名称规范化',
  'quality.aliasesNone': '没有需要规范化的部门名称。',
  'quality.line': '行',
  'quality.file': '文件',
  'quality.code': '代码',
  'quality.message': '说明',
  'quality.declared': '声明',
  'quality.found': '实际',
  'quality.rawName': '原文名称',
  'quality.canonical': '规范名称',
  'quality.rule': '规则',
  'quality.count': '次数',
  'quality.lines': '所在行',
  'quality.rule.alias': '别名表',
  'quality.rule.whitespace': '空白字符',
  'quality.rule.bracket_note': '括号备注',

  'towns.list': '已载入的乡镇',
  'towns.compare': '两个乡镇的事项分布对比',
  'towns.compareOne': '{name}的事项分布（按类别和清单）',
  'towns.onlyOne': '目前只载入了一个乡镇（{name}），排名和对比需要至少两个乡镇。下面显示它自己的分布。',
  'towns.townA': '乡镇甲',
  'towns.townB': '乡镇乙',
  'towns.name': '乡镇',
  'towns.region': '所属地区',
  'towns.source': '来源文件',
  'towns.select': '只看此乡镇',

  'view.report': '报告',
  'export.button': '导出',
  'export.menuLabel': '导出“{title}”',
  'export.png': 'PNG 图片（2 倍清晰度）',
  'export.svg': 'SVG 矢量图',
  'export.csv': 'CSV 数据（Excel/WPS 可直接打开）',
  'export.xlsx': 'Excel 表格（.xlsx）',
  'export.working': '正在导出…',
  'export.failed': '导出失败：{message}',
  'export.noChart': '以表格查看时无法导出图片，请先切换回图表。',
  'export.noData': '没有可导出的数据',
  'export.allNoneQuality': '数据质量页只列出载入检查结果，没有图表或数据表可打包导出；请到其他视图导出。',
  'export.all': '导出全部（ZIP）',
  'export.allHint': '把本页全部图表打包下载：每个图表的 PNG、SVG、CSV，另附一个 Excel 表格',
  'export.infoSheet': '说明',
  'export.itemId': '事项编号',
  'export.category': '名称',
  'export.column': '类型',

  'caption.noFilters': '未筛选（全部事项）',
  'caption.source': '数据来源',
  'caption.lists': '清单',
  'caption.loaded': '数据载入',
  'caption.exported': '导出',
  'caption.zone': '北京时间',
  'caption.manyTowns': '{n} 个乡镇（{first} 等）',
  'caption.noTowns': '无乡镇',
  'caption.listSeparator': '、',
  'caption.partSeparator': '；',
  'caption.colon': '：',
  'caption.quote': '“{q}”',
  'caption.file': '（{file}）',
  'caption.topDepartments': '图中为关联事项最多的 {shown} 个部门（共 {total} 个）',
  'report.open': '打印报告',
  'report.openHint': '打开可打印的 A4 报告页（概况、全部图表和当前筛选），可另存为 PDF',
  'report.heading': '{title} · 报告',
  'report.print': '打印 / 另存为 PDF',
  'report.docx': '导出 Word',
  'report.docxHint':
    '下载 Word 报告（.docx，Word 和 WPS 可打开）：筛选条件、主要数字、全部图表及其数据表、处罚事项和条款',
  'report.back': '返回仪表盘',
  'report.figures': '一、主要数字',
  'report.sectionOverview': '二、事项流向与类别',
  'report.sectionDepartments': '三、部门',
  'report.sectionEnforcement': '四、行政执法',
  'report.sectionSupport': '五、履职保障',
  'report.sectionTowns': '六、乡镇对比',
  'report.figure': '图 {n}　{title}',
  'report.metric': '指标',
  'report.value': '数值',
  'report.note': '说明',
  'report.loading': '报告生成中…',
  'report.reclaimedPenalties': '上级部门收回的行政处罚事项（{n} 项）',
  'report.keptClauses': '乡镇保留的处罚条款（{clauses} 条，分布在 {items} 个基本履职事项中）',
  'report.department': '部门',
  'report.seq': '序号',
  'report.item': '事项',
  'report.category': '类别',
  'report.clauses': '处罚条款',
  'report.clauseNo': '条款号',
  'report.none': '当前筛选下没有。',

  'region.label': '地区',
  'region.placeholder': '搜索省、市、县或乡镇',
  'region.hint': '输入地名，用上下方向键选择，回车确认，Esc 关闭',
  'region.level.province': '省',
  'region.level.city': '市',
  'region.level.county': '县',
  'region.level.town': '镇',
  'region.towns': '{n} 个乡镇',
  'region.townsOne': '1 个乡镇',
  'region.items': '{n} 项',
  'region.none': '没有匹配的地区',
  'region.more': '共 {total} 个匹配，显示前 {shown} 个，输入更多文字可缩小范围',
  'region.selected': '已选',

  'towns.rankingIn': '{scope}各乡镇：按{metric}排名',
  'towns.rankingAll': '全部已载入乡镇：按{metric}排名',
  'towns.rankingNote': '点击柱可按乡镇筛选其他视图；排名本身不受乡镇筛选影响。',
  'towns.rankBy': '排名依据',
  'towns.metric.reclaimed': '上级收回事项',
  'towns.metric.cooperative': '配合履职事项',
  'towns.metric.basic': '基本履职事项',
  'towns.metric.total': '事项总数',
  'towns.metric.reclaimedPenalties': '收回的处罚事项',
  'towns.metric.keptClauses': '保留的处罚条款',
  'towns.rank': '名次',
  'towns.range': '第 {from}–{to} 名，共 {total} 个乡镇',
  'towns.onlyOneInScope': '这个范围内只有一个乡镇（{name}），排名需要至少两个乡镇；下面显示它自己的数字。',
  'towns.penalties': '收回处罚',
  'towns.keptClauses': '保留条款',
  'towns.total': '合计',
} as const;

export type MessageKey = keyof typeof zhCN;
export type Dictionary = Record<MessageKey, string>;

const en: Dictionary = {
  ...vocabularyMessages('en'),

  'app.title': 'Township duty lists',
  'app.subtitle': 'How duties are shared between county departments and the town',
  'app.language': 'Language',
  'app.switchLanguage': '中文',
  'app.decal': 'Patterns',
  'app.decalHint': 'Add patterns to chart shapes for colour-blind readers',
  'app.town': 'Town',
  'app.allTowns': 'All towns',
  'app.loadedAt': 'Data loaded {time}',
  'app.skipToContent': 'Skip to main content',
  'app.copyLink': 'Copy link',
  'app.copyLinkHint': 'The link holds the current view and every filter',
  'app.copied': 'Copied',
  'app.menu': 'Menu',
  'app.langCode': 'en',
  'app.listSeparator': ', ',

  'view.overview': 'Overview',
  'view.departments': 'Departments',
  'view.enforcement': 'Enforcement',
  'view.support': 'Support',
  'view.items': 'Items',
  'view.quality': 'Data quality',
  'view.towns': 'Towns',
  'view.navLabel': 'Views',

  'filters.label': 'Filters',
  'filters.none': 'No filters: showing every item. Click a bar, node, cell or legend entry to filter.',
  'filters.clear': 'Clear all filters',
  'filters.remove': 'Remove filter: {label}',
  'filters.chip': '{key}: {value}',

  'state.loading': 'Loading…',
  'state.empty': 'No data for the current filters',
  'state.error': 'Could not load data: {message}',
  'state.retry': 'Retry',

  'aria.separator': '; ',
  'aria.categories': 'Items per category, {n} categories: {rows}.',
  'aria.departments': 'Items per department, {n} departments: {rows}.',
  'aria.bureaus': 'Penalty items reclaimed per department, {n} departments: {rows}.',
  'aria.supportTypes': 'Cooperative items per support type, {n} types: {rows}.',
  'aria.heatmap': 'Support given by department, {n} departments: {rows}.',
  'aria.flows': 'Items flowing from category to list to department, {n} flows: {rows}.',
  'unknown.one': 'There is no {filter} “{value}” in the data. The link may be mistyped or out of date.',
  'unknown.many':
    'These filter values are not in the data: {values}. The link may be mistyped or out of date.',
  'unknown.separator': ', ',
  'unknown.removeOne': 'Remove this filter',
  'unknown.removeAll': 'Remove these filters',

  'chart.viewAsTable': 'View as table',
  'chart.viewAsChart': 'View as chart',
  'chart.clickHint': 'Click to filter',
  'chart.items': 'Items',
  'chart.count': 'Count',
  'chart.town': 'The town itself',
  'chart.from': 'From',
  'chart.to': 'To',

  'overview.headline': 'Who does what',
  'overview.total': 'Items in total',
  'overview.basicNote': 'done by the town',
  'overview.cooperativeNote': 'led by a department, the town assists',
  'overview.reclaimedNote': 'taken back by departments',
  'overview.penalties': 'Penalty powers',
  'overview.penaltiesReclaimed': 'penalty items reclaimed',
  'overview.penaltiesKept': 'penalty clauses kept by the town',
  'overview.penaltiesKeptItems': 'in {n} basic items',
  'overview.support': 'Support for cooperative duties',
  'overview.withFundingOrStaff': 'with funding or staff',
  'overview.policyOnly': 'policy interpretation only',
  'overview.ofCooperative': 'of {n} cooperative items',
  'overview.departments': 'Departments involved',
  'overview.flows': 'Flow: category → list → responsible department',
  'overview.flowsNote': 'Link width counts item–department links; basic items flow to the town itself.',
  'overview.categories': 'Items per category, by list',

  'departments.chart': 'Items per department, by list',
  'departments.chartNote':
    'Grouped by department type. Click a bar to filter by department, a name to open its detail.',
  'departments.detail': 'Department detail',
  'departments.pickHint':
    'Click a department name in the chart, or one of the departments below, to see what it took back, what it shares and the support it gives.',
  'departments.close': 'Close detail',
  'departments.tookBack': 'Items it took back',
  'departments.shares': 'Items it shares with the town',
  'departments.supportGiven': 'Support it gives',
  'departments.none': 'None',
  'departments.type': 'Type',
  'departments.total': 'Total',
  'departments.name': 'Department',
  'departments.open': 'Open detail',
  'departments.filter': 'Filter by this department',
  'departments.group': '{type} ({n})',

  'enforcement.bureaus': 'Penalty items reclaimed, per department',
  'enforcement.bureausNote':
    'The town no longer imposes these penalties; the department enforces them through eight stages.',
  'enforcement.kept': 'Penalty clauses the town keeps, by item',
  'enforcement.keptExport': 'Penalty clauses kept by the town',
  'enforcement.keptSummary': '{clauses} penalty clauses in {items} basic items',
  'enforcement.clauses': '{n} clauses',
  'chart.penaltyItems': 'Penalty items reclaimed',
  'enforcement.keptNoDepartment':
    'Kept penalty clauses belong to the town’s basic items, which are linked to no department, so a department filter leaves none here. Remove the department filter to see them.',
  'enforcement.item': 'Item',

  'support.heatmap': 'Department × support type',
  'support.heatmapNote':
    'Cells count cooperative items where the department gives that support. Click a cell to filter by both.',
  'support.types': 'Cooperative items per support type',
  'support.typesNote': 'One cooperative item can come with several kinds of support.',

  'items.search': 'Search item names and all texts',
  'items.searchPlaceholder': 'e.g. 森林 (forest)',
  'items.total': '{n} items',
  'items.seq': 'No.',
  'items.kind': 'List',
  'items.category': 'Category',
  'items.name': 'Item',
  'items.departments': 'Departments',
  'items.support': 'Support',
  'items.penalty': 'Penalty',
  'items.prev': 'Previous',
  'items.next': 'Next',
  'items.page': 'Page {page} of {pages}',
  'items.sortBy': 'Sort by {column}',
  'items.detail': 'Item detail',
  'items.close': 'Close',
  'items.source': 'Source: {file}, line {line}',
  'items.departmentDuties': 'Department duties',
  'items.townDuties': 'Town duties',
  'items.method': 'Receiving department and method',
  'items.stages': 'Enforcement procedure',
  'items.penaltyClauses': 'Penalty clauses kept',
  'items.supportRaw': 'Support',
  'items.rawName': 'As published: {name}',
  'items.yes': 'Yes',
  'items.perPage': '{n} per page',

  'quality.issues': 'Load warnings',
  'quality.issuesNone': 'No warnings while loading.',
  'quality.aliases': 'Department names normalised',
  'quality.aliasesNone': 'No department names needed normalising.',
  'quality.line': 'Line',
  'quality.file': 'File',
  'quality.code': 'Code',
  'quality.message': 'Message',
  'quality.declared': 'Declared',
  'quality.found': 'Found',
  'quality.rawName': 'As published',
  'quality.canonical': 'Canonical name',
  'quality.rule': 'Rule',
  'quality.count': 'Count',
  'quality.lines': 'Lines',
  'quality.rule.alias': 'alias table',
  'quality.rule.whitespace': 'whitespace',
  'quality.rule.bracket_note': 'bracket note',

  'towns.list': 'Towns loaded',
  'towns.compare': 'Two towns side by side',
  'towns.compareOne': 'Items of {name} by category and list',
  'towns.onlyOne':
    'Only one town is loaded ({name}); a ranking or comparison needs at least two. Its own distribution is shown below.',
  'towns.townA': 'Town A',
  'towns.townB': 'Town B',
  'towns.name': 'Town',
  'towns.region': 'Region',
  'towns.source': 'Source file',
  'towns.select': 'Show only this town',

  'view.report': 'Report',
  'export.button': 'Export',
  'export.menuLabel': 'Export "{title}"',
  'export.png': 'PNG image (2× resolution)',
  'export.svg': 'SVG vector image',
  'export.csv': 'CSV data (opens in Excel/WPS)',
  'export.xlsx': 'Excel workbook (.xlsx)',
  'export.working': 'Exporting…',
  'export.failed': 'Export failed: {message}',
  'export.noChart': 'Images cannot be exported while the table is shown; switch back to the chart first.',
  'export.noData': 'Nothing to export',
  'export.allNoneQuality':
    'The data-quality page lists load checks only; it has no charts or data tables to zip. Export from another view.',
  'export.all': 'Export all (ZIP)',
  'export.allHint': 'Download every chart of this view: PNG, SVG and CSV of each, plus one Excel workbook',
  'export.infoSheet': 'About',
  'export.itemId': 'Item ID',
  'export.category': 'Name',
  'export.column': 'Type',

  'caption.noFilters': 'No filters (all items)',
  'caption.source': 'Source',
  'caption.lists': 'Lists',
  'caption.loaded': 'Data loaded',
  'caption.exported': 'Exported',
  'caption.zone': 'UTC+8',
  'caption.manyTowns': '{n} towns ({first} and others)',
  'caption.noTowns': 'no towns',
  'caption.listSeparator': ', ',
  'caption.partSeparator': '; ',
  'caption.colon': ': ',
  'caption.quote': '"{q}"',
  'caption.file': ' ({file})',
  'caption.topDepartments': 'Showing the {shown} departments with the most items, of {total}',
  'report.open': 'Print report',
  'report.openHint': 'Open a printable A4 report (figures, every chart, the active filters) to save as PDF',
  'report.heading': '{title} · report',
  'report.print': 'Print / save as PDF',
  'report.docx': 'Export Word',
  'report.docxHint':
    'Download the report as Word (.docx, opens in Word and WPS): filters, key figures, every chart with its data table, penalty items and clauses',
  'report.back': 'Back to the dashboard',
  'report.figures': '1. Key figures',
  'report.sectionOverview': '2. Flows and categories',
  'report.sectionDepartments': '3. Departments',
  'report.sectionEnforcement': '4. Enforcement',
  'report.sectionSupport': '5. Support for cooperative duties',
  'report.sectionTowns': '6. Towns compared',
  'report.figure': 'Figure {n}. {title}',
  'report.reclaimedPenalties': 'Penalty items reclaimed by departments ({n})',
  'report.keptClauses': 'Penalty clauses the town keeps ({clauses} clauses in {items} basic items)',
  'report.department': 'Department',
  'report.seq': 'No.',
  'report.item': 'Item',
  'report.category': 'Category',
  'report.clauses': 'Penalty clauses',
  'report.clauseNo': 'Clause no.',
  'report.none': 'None under the current filters.',
  'report.metric': 'Measure',
  'report.value': 'Value',
  'report.note': 'Note',
  'report.loading': 'Preparing the report…',

  'region.label': 'Region',
  'region.placeholder': 'Province, city, county, town…',
  'region.hint': 'Type a place name, pick with the arrow keys and Enter, Esc to close',
  'region.level.province': 'Province',
  'region.level.city': 'City',
  'region.level.county': 'County',
  'region.level.town': 'Town',
  'region.towns': '{n} towns',
  'region.townsOne': '1 town',
  'region.items': '{n} items',
  'region.none': 'No matching region',
  'region.more': '{total} matches, showing the first {shown}; type more to narrow down',
  'region.selected': 'selected',

  'towns.rankingIn': 'Towns in {scope} ranked by {metric}',
  'towns.rankingAll': 'All loaded towns ranked by {metric}',
  'towns.rankingNote':
    'Click a bar to filter the other views by that town; the ranking itself ignores the town filter.',
  'towns.rankBy': 'Rank by',
  'towns.metric.reclaimed': 'reclaimed items',
  'towns.metric.cooperative': 'cooperative items',
  'towns.metric.basic': 'basic items',
  'towns.metric.total': 'all items',
  'towns.metric.reclaimedPenalties': 'reclaimed penalty items',
  'towns.metric.keptClauses': 'penalty clauses kept',
  'towns.rank': 'Rank',
  'towns.range': 'Ranks {from}–{to} of {total} towns',
  'towns.onlyOneInScope':
    'Only one town ({name}) lies in this scope; a ranking needs two or more. Its own figures are shown.',
  'towns.penalties': 'Reclaimed penalties',
  'towns.keptClauses': 'Clauses kept',
  'towns.total': 'Total',
};

export const dictionaries: Record<Lang, Dictionary> = { 'zh-CN': zhCN, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A translator for one language; `{name}` placeholders are replaced from vars. */
export function createTranslator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, vars) => {
    const text = dict[key];
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
  };
}

function isKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key);
}

/** Label of a value from a closed vocabulary; an unknown value (newer server) is shown as is. */
export function vocabularyLabel(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return isKey(key) ? t(key) : value;
}

export const kindLabel = (t: Translate, kind: Kind | string): string => vocabularyLabel(t, 'kind', kind);
export const departmentTypeLabel = (t: Translate, type: DepartmentType | string): string =>
  vocabularyLabel(t, 'departmentType', type);
export const supportTypeLabel = (t: Translate, type: SupportType | string): string =>
  vocabularyLabel(t, 'supportType', type);
/** What a linked department does with an item (cooperates, receives). */
export const linkRoleLabel = (t: Translate, role: LinkRole | string): string =>
  vocabularyLabel(t, 'items.role', role);
/** Short support-type label for narrow chart columns. */
export const supportTypeShortLabel = (t: Translate, type: SupportType | string): string =>
  vocabularyLabel(t, 'supportTypeShort', type);
/** A category of the published lists in the reader's language; a category not in the dictionary as it is. */
export const categoryLabel = (t: Translate, category: string): string =>
  vocabularyLabel(t, 'category', category);

/**
 * A department as the reader sees it: its Chinese name, and in English its function's gloss after it
 * (根河市林业和草原局 (Forestry and Grassland Bureau)). Names with no known part stay as they are.
 */
export function departmentLabel(t: Translate, name: string): string {
  const gloss = t('app.langCode') === 'en' ? departmentGloss(name) : null;
  return gloss ? `${name} (${gloss})` : name;
}

/** Just the gloss in English (axis labels under the Chinese name), null in Chinese or when unknown. */
export function departmentGlossLabel(t: Translate, name: string): string | null {
  return t('app.langCode') === 'en' ? departmentGloss(name) : null;
}

/** A dashboard view's name (the views themselves are the client's: client/lib/url-state.ts). */
export type ViewName = MessageKey extends infer K ? (K extends `view.${infer V}` ? V : never) : never;
export const viewLabel = (t: Translate, view: ViewName): string => t(`view.${view}`);
