// Rows shaped like the API's answers for the real seed (阿龙山镇), written out from the seed's known
// counts, so option-builder tests run without a database and assert the real numbers.

export const CATEGORY_ROWS = [
  ['党的建设', 'basic', 26],
  ['党的建设', 'cooperative', 4],
  ['党的建设', 'reclaimed', 1],
  ['经济发展', 'basic', 6],
  ['民生服务', 'basic', 13],
  ['民生服务', 'cooperative', 12],
  ['民生服务', 'reclaimed', 9],
  ['平安法治', 'basic', 4],
  ['平安法治', 'cooperative', 9],
  ['平安法治', 'reclaimed', 11],
  ['生态环保', 'basic', 7],
  ['生态环保', 'cooperative', 18],
  ['生态环保', 'reclaimed', 25],
  ['城乡建设', 'basic', 6],
  ['城乡建设', 'cooperative', 3],
  ['城乡建设', 'reclaimed', 18],
  ['综合政务', 'basic', 8],
  ['文化旅游', 'cooperative', 1],
].map(([category, kind, count]) => ({
  category: category as string,
  kind: kind as string,
  count: count as number,
}));

export const DEPARTMENT_ROWS = [
  { department: '根河市农牧水利科技局', type: 'government', cooperative: 3, reclaimed: 14, total: 17 },
  { department: '根河市林业和草原局', type: 'government', cooperative: 6, reclaimed: 10, total: 16 },
  { department: '根河市城市管理综合执法局', type: 'government', cooperative: 2, reclaimed: 11, total: 13 },
  { department: '根河市卫生健康委员会', type: 'government', cooperative: 5, reclaimed: 8, total: 13 },
  { department: '根河市应急管理局', type: 'government', cooperative: 4, reclaimed: 6, total: 10 },
  { department: '根河市自然资源局', type: 'government', cooperative: 6, reclaimed: 4, total: 10 },
  { department: '呼伦贝尔市生态环境局根河市分局', type: 'branch', cooperative: 4, reclaimed: 2, total: 6 },
  { department: '根河市委宣传部', type: 'party', cooperative: 2, reclaimed: 1, total: 3 },
  { department: '中共根河市委政法委员会', type: 'party', cooperative: 1, reclaimed: 0, total: 1 },
  { department: '根河市消防救援大队', type: 'other', cooperative: 1, reclaimed: 0, total: 1 },
];

export const BUREAUS = [
  {
    department: '根河市林业和草原局',
    type: 'government',
    count: 7,
    items: [
      {
        itemId: 't2bbd4796eb-r34',
        townName: '阿龙山镇',
        seq: 34,
        name: '对擅自在草原上开展经营性旅游活动，破坏草原植被的处罚',
      },
    ],
  },
  { department: '根河市城市管理综合执法局', type: 'government', count: 11, items: [] },
  { department: '根河市自然资源局', type: 'government', count: 4, items: [] },
  { department: '根河市农牧水利科技局', type: 'government', count: 6, items: [] },
];

export const SUPPORT_TYPES_ROWS = [
  { supportType: 'training', items: 24 },
  { supportType: 'policy', items: 37 },
  { supportType: 'guidance', items: 11 },
  { supportType: 'funding', items: 4 },
  { supportType: 'staff', items: 3 },
];

export const SUPPORT_CELLS = [
  { department: '根河市林业和草原局', supportType: 'policy', items: 5 },
  { department: '根河市林业和草原局', supportType: 'training', items: 5 },
  { department: '根河市自然资源局', supportType: 'policy', items: 6 },
  { department: '根河市民政局', supportType: 'funding', items: 1 },
  { department: '根河市民政局', supportType: 'policy', items: 3 },
];

export const FLOWS = {
  nodes: [
    { id: 'category:党的建设', layer: 'category', name: '党的建设' },
    { id: 'category:生态环保', layer: 'category', name: '生态环保' },
    { id: 'kind:basic', layer: 'kind', name: 'basic' },
    { id: 'kind:cooperative', layer: 'kind', name: 'cooperative' },
    { id: 'kind:reclaimed', layer: 'kind', name: 'reclaimed' },
    { id: 'department:town', layer: 'department', name: '阿龙山镇' },
    { id: 'department:根河市林业和草原局', layer: 'department', name: '根河市林业和草原局' },
  ],
  links: [
    { source: 'category:党的建设', target: 'kind:basic', value: 26 },
    { source: 'category:生态环保', target: 'kind:cooperative', value: 18 },
    { source: 'category:生态环保', target: 'kind:reclaimed', value: 25 },
    { source: 'kind:basic', target: 'department:town', value: 26 },
    { source: 'kind:cooperative', target: 'department:根河市林业和草原局', value: 6 },
    { source: 'kind:reclaimed', target: 'department:根河市林业和草原局', value: 10 },
  ],
};
