// English glosses of city and county department names, derived from the parts of the name that say what
// the bureau does (林业和草原局 → Forestry and Grassland Bureau). One table: the English dashboard, its
// exports and the Word report show a department as its Chinese name with this gloss; a name with no
// known part keeps its Chinese name alone. Pure, no imports.

/**
 * Name parts and their English function, longest match wins (so 生态环境综合行政执法大队 beats 生态环境局
 * and 城市管理综合执法局 beats 执法局). Party organs (市委…部) carry "(Party)".
 */
const FUNCTION_PARTS: ReadonlyArray<readonly [part: string, gloss: string]> = [
  ['林业和草原局', 'Forestry and Grassland Bureau'],
  ['林草局', 'Forestry and Grassland Bureau'],
  ['公安局', 'Public Security Bureau'],
  ['交通运输局', 'Transport Bureau'],
  ['人力资源和社会保障局', 'Human Resources and Social Security Bureau'],
  ['住房和城乡建设局', 'Housing and Urban-Rural Development Bureau'],
  ['住房综合保障中心', 'Housing Security Center'],
  ['农牧水利科技局', 'Agriculture, Animal Husbandry, Water and Science Bureau'],
  ['农牧局', 'Agriculture and Animal Husbandry Bureau'],
  ['农业农村局', 'Agriculture and Rural Affairs Bureau'],
  ['水利局', 'Water Resources Bureau'],
  ['卫生健康委员会', 'Health Commission'],
  ['卫健委', 'Health Commission'],
  ['司法局', 'Justice Bureau'],
  ['城市管理综合执法局', 'Urban Management and Law Enforcement Bureau'],
  ['委宣传部', 'Publicity Department (Party)'],
  ['委社会工作部', 'Social Work Department (Party)'],
  ['委组织部', 'Organization Department (Party)'],
  ['委统战部', 'United Front Work Department (Party)'],
  ['委政法委员会', 'Political and Legal Affairs Commission (Party)'],
  ['纪委监委', 'Discipline Inspection and Supervision Commission'],
  ['工业和信息化局', 'Industry and Information Technology Bureau'],
  ['市场监督管理局', 'Market Regulation Bureau'],
  ['应急管理局', 'Emergency Management Bureau'],
  ['文化旅游广电局', 'Culture, Tourism, Radio and TV Bureau'],
  ['文化旅游体育局', 'Culture, Tourism and Sports Bureau'],
  ['民政局', 'Civil Affairs Bureau'],
  ['气象局', 'Meteorological Bureau'],
  ['消防救援大队', 'Fire and Rescue Brigade'],
  ['生态环境综合行政执法大队', 'Ecology and Environment Law Enforcement Brigade'],
  ['生态环境局', 'Ecology and Environment Bureau'],
  ['自然资源局', 'Natural Resources Bureau'],
  ['财政局', 'Finance Bureau'],
  ['教育局', 'Education Bureau'],
  ['教育体育局', 'Education and Sports Bureau'],
  ['税务局', 'Taxation Bureau'],
  ['统计局', 'Statistics Bureau'],
  ['审计局', 'Audit Bureau'],
  ['发展和改革委员会', 'Development and Reform Commission'],
  ['退役军人事务局', 'Veterans Affairs Bureau'],
  ['医疗保障局', 'Healthcare Security Bureau'],
  ['商务局', 'Commerce Bureau'],
  ['信访局', 'Letters and Visits Bureau'],
  ['政务服务', 'Government Services'],
  ['数据局', 'Data Bureau'],
  ['残疾人联合会', 'Disabled Persons’ Federation'],
  ['妇女联合会', 'Women’s Federation'],
  ['总工会', 'Federation of Trade Unions'],
  ['团委', 'Communist Youth League Committee'],
  ['人民武装部', 'People’s Armed Forces Department'],
  ['供电', 'Power Supply Company'],
];

const BY_LENGTH = [...FUNCTION_PARTS].sort((a, b) => b[0].length - a[0].length);

/**
 * The English gloss of a department's function, or null when no part of its name is known. A branch
 * office of a higher bureau (…局根河市分局) is glossed as that bureau's branch.
 */
export function departmentGloss(name: string): string | null {
  const hit = BY_LENGTH.find(([part]) => name.includes(part));
  if (!hit) return null;
  return /分局$/u.test(name) && !hit[0].endsWith('分局') ? `${hit[1]} (branch)` : hit[1];
}
