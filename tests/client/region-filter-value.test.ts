// Which string a picked region puts in the URL: the name when it is the only region so called, the path
// when a namesake exists (or the namesake check did not find it).
import { describe, expect, it } from 'vitest';
import { regionFilterValue } from '../../client/features/regions/region-filter-value.ts';

const genhe = { level: 'county', name: '根河市', path: '内蒙古自治区呼伦贝尔市根河市' };
const alongshan = { level: 'town', name: '阿龙山镇', path: '内蒙古自治区呼伦贝尔市根河市阿龙山镇' };

describe('regionFilterValue', () => {
  it('uses the name of a region no other region shares: region=根河市', () => {
    // GET /api/regions?q=根河市 also lists the towns inside it (their paths contain the name).
    expect(regionFilterValue(genhe, [genhe, alongshan])).toBe('根河市');
  });

  it('uses the path when two regions bear the name', () => {
    const yongdeng = { level: 'town', name: '城关镇', path: '甘肃省兰州市永登县城关镇' };
    const yiyang = { level: 'town', name: '城关镇', path: '河南省洛阳市宜阳县城关镇' };
    expect(regionFilterValue(yiyang, [yongdeng, yiyang])).toBe('河南省洛阳市宜阳县城关镇');
  });

  it('uses the path when the namesake check did not return the region itself', () => {
    expect(regionFilterValue(alongshan, [])).toBe('内蒙古自治区呼伦贝尔市根河市阿龙山镇');
  });
});
