import { describe, expect, it } from 'vitest';
import { departmentGloss } from '../../shared/department-gloss.ts';
import { categoryLabel, createTranslator, departmentLabel } from '../../shared/i18n.ts';

const en = createTranslator('en');
const zh = createTranslator('zh-CN');

describe('departmentGloss', () => {
  it('glosses a bureau by the part of its name that says what it does', () => {
    expect(departmentGloss('根河市林业和草原局')).toBe('Forestry and Grassland Bureau');
    expect(departmentGloss('根河市城市管理综合执法局')).toBe('Urban Management and Law Enforcement Bureau');
    expect(departmentGloss('中共根河市委政法委员会')).toBe('Political and Legal Affairs Commission (Party)');
  });

  it('prefers the longest known part and marks a branch office', () => {
    expect(departmentGloss('根河市生态环境综合行政执法大队')).toBe(
      'Ecology and Environment Law Enforcement Brigade',
    );
    expect(departmentGloss('呼伦贝尔市生态环境局根河市分局')).toBe('Ecology and Environment Bureau (branch)');
  });

  it('knows no gloss for a name with no known part', () => {
    expect(departmentGloss('根河市某某中心')).toBeNull();
  });
});

describe('English labels of the data', () => {
  it('keeps the Chinese department name and adds the gloss in English only', () => {
    expect(departmentLabel(en, '根河市林业和草原局')).toBe(
      '根河市林业和草原局 (Forestry and Grassland Bureau)',
    );
    expect(departmentLabel(zh, '根河市林业和草原局')).toBe('根河市林业和草原局');
    expect(departmentLabel(en, '根河市某某中心')).toBe('根河市某某中心');
  });

  it('translates every category of the seed list, and shows an unknown one as it is', () => {
    const seed = [
      '党的建设',
      '城乡建设',
      '平安法治',
      '文化旅游',
      '民生服务',
      '生态环保',
      '经济发展',
      '综合政务',
    ];
    expect(seed.map((c) => categoryLabel(en, c))).toEqual([
      'Party building',
      'Urban and rural development',
      'Public safety and rule of law',
      'Culture and tourism',
      'Public services',
      'Ecology and environment',
      'Economic development',
      'General administration',
    ]);
    expect(categoryLabel(zh, '党的建设')).toBe('党的建设');
    expect(categoryLabel(en, '新类别')).toBe('新类别');
  });
});
