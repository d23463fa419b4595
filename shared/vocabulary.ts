// The closed vocabularies of the data, written once: the list kinds, the department types, the support
// types and the roles a department plays for an item — each value in its published order, with its
// Chinese and English labels and its colour. No imports, so the ETL, the SQL (tests hold etl/schema.sql
// equal to these lists), the server and the dashboard can all derive from it.

/** A label in both languages the dashboard speaks. */
export interface Labels {
  zh: string;
  en: string;
}

/** The three lists a town publishes, in the order it publishes them. */
export const KINDS = ['basic', 'cooperative', 'reclaimed'] as const;
export type Kind = (typeof KINDS)[number];

const [, cooperative, reclaimed] = KINDS;
/** The kinds whose items name city departments: the department leads (cooperative) or receives (reclaimed). */
export const LINKED_KINDS = [cooperative, reclaimed] as const;
export type LinkedKind = (typeof LINKED_KINDS)[number];

export const KIND_TERMS: Record<
  Kind,
  {
    /** The list's heading in the published file (乡镇履职事项清单). */
    heading: string;
    /** Short label (chips, legends, tags). */
    label: Labels;
    /** Full name (captions, sources). */
    long: Labels;
    color: string;
  }
> = {
  basic: {
    heading: '基本履职事项清单',
    label: { zh: '基本履职', en: 'Basic' },
    long: { zh: '基本履职事项', en: 'Basic duties' },
    color: '#0072B2',
  },
  cooperative: {
    heading: '配合履职事项清单',
    label: { zh: '配合履职', en: 'Cooperative' },
    long: { zh: '配合履职事项', en: 'Cooperative duties' },
    color: '#E69F00',
  },
  reclaimed: {
    heading: '上级部门收回事项清单',
    label: { zh: '上级收回', en: 'Reclaimed' },
    long: { zh: '上级部门收回事项', en: 'Reclaimed by departments' },
    color: '#CC79A7',
  },
};

/** What kind of body a linked department is; `other` when the name says nothing. */
export const DEPARTMENT_TYPES = ['party', 'government', 'branch', 'other'] as const;
export type DepartmentType = (typeof DEPARTMENT_TYPES)[number];

export const DEPARTMENT_TYPE_TERMS: Record<DepartmentType, { label: Labels; color: string }> = {
  party: { label: { zh: '党委部门', en: 'Party organ' }, color: '#B2472E' },
  government: { label: { zh: '政府部门', en: 'Government department' }, color: '#3F6E8C' },
  branch: { label: { zh: '垂直/派驻机构', en: 'Vertical / branch office' }, color: '#5E8C5A' },
  other: { label: { zh: '其他', en: 'Other' }, color: '#8A8A8A' },
};

/** The support (履职保障) taxonomy of cooperative items, in the order the dashboard lists it. */
export const SUPPORT_TYPES = [
  'policy',
  'training',
  'guidance',
  'technical',
  'funding',
  'staff',
  'materials',
  'other',
] as const;
export type SupportType = (typeof SUPPORT_TYPES)[number];

// Support colours avoid the three list-kind hues, so a support colour is never read as a list kind.
export const SUPPORT_TYPE_TERMS: Record<
  SupportType,
  {
    label: Labels;
    /** For narrow chart columns. */
    short: Labels;
    color: string;
  }
> = {
  policy: {
    label: { zh: '政策解读', en: 'Policy interpretation' },
    short: { zh: '政策解读', en: 'Policy' },
    color: '#56B4E9',
  },
  training: {
    label: { zh: '业务培训', en: 'Training' },
    short: { zh: '业务培训', en: 'Training' },
    color: '#009E73',
  },
  guidance: {
    label: { zh: '业务指导', en: 'Guidance' },
    short: { zh: '业务指导', en: 'Guidance' },
    color: '#7B7FD1',
  },
  technical: {
    label: { zh: '技术支持', en: 'Technical support' },
    short: { zh: '技术支持', en: 'Technical' },
    color: '#D9C83A',
  },
  funding: {
    label: { zh: '经费支持', en: 'Funding' },
    short: { zh: '经费支持', en: 'Funding' },
    color: '#D55E00',
  },
  staff: { label: { zh: '人员支持', en: 'Staff' }, short: { zh: '人员支持', en: 'Staff' }, color: '#8C564B' },
  materials: {
    label: { zh: '物资保障', en: 'Materials' },
    short: { zh: '物资保障', en: 'Materials' },
    color: '#6B8E23',
  },
  other: { label: { zh: '其他', en: 'Other' }, short: { zh: '其他', en: 'Other' }, color: '#999999' },
};

/** What a linked department does with an item: cooperates (cooperative list) or receives it (reclaimed). */
export const LINK_ROLES = ['cooperating', 'receiving'] as const;
export type LinkRole = (typeof LINK_ROLES)[number];

export const LINK_ROLE_TERMS: Record<LinkRole, { label: Labels }> = {
  cooperating: { label: { zh: '配合', en: 'cooperating' } },
  receiving: { label: { zh: '承接', en: 'receiving' } },
};

/**
 * The categories (类别) the published lists sort their items into, with their English names. Categories
 * are text in the data (a new list may bring a new one, shown as it is), so this is a dictionary of the
 * known ones rather than a closed vocabulary.
 */
export const CATEGORY_TERMS: Readonly<Record<string, Labels>> = {
  党的建设: { zh: '党的建设', en: 'Party building' },
  经济发展: { zh: '经济发展', en: 'Economic development' },
  民生服务: { zh: '民生服务', en: 'Public services' },
  平安法治: { zh: '平安法治', en: 'Public safety and rule of law' },
  生态环保: { zh: '生态环保', en: 'Ecology and environment' },
  城乡建设: { zh: '城乡建设', en: 'Urban and rural development' },
  综合政务: { zh: '综合政务', en: 'General administration' },
  文化旅游: { zh: '文化旅游', en: 'Culture and tourism' },
  乡村振兴: { zh: '乡村振兴', en: 'Rural revitalisation' },
  社会事业: { zh: '社会事业', en: 'Social affairs' },
  社会治理: { zh: '社会治理', en: 'Social governance' },
  应急管理: { zh: '应急管理', en: 'Emergency management' },
  农业农村: { zh: '农业农村', en: 'Agriculture and rural affairs' },
  自然资源: { zh: '自然资源', en: 'Natural resources' },
  市场监管: { zh: '市场监管', en: 'Market regulation' },
  安全生产: { zh: '安全生产', en: 'Work safety' },
  教育卫生: { zh: '教育卫生', en: 'Education and health' },
  其他: { zh: '其他', en: 'Other' },
};

/** Whether a string is one of a vocabulary's values (narrows its type). */
export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
