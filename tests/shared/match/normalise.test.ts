// normalise(): each documented rule on real seed texts and the forms other lists write them in.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalise, placeNameForms } from '../../../shared/match/normalise.ts';
import { SEED_ITEMS, SEED_PLACES } from './seed-items.ts';

const seed = { places: SEED_PLACES };

describe('normalise', () => {
  it('drops numbering at the start and at each clause: 一、 （1） 1. 1、 ① ⑴ 第一条 and the penalty star', () => {
    const bare = '殡葬管理';
    for (const numbered of [
      '一、殡葬管理',
      '（1）殡葬管理',
      '(12) 殡葬管理',
      '1. 殡葬管理',
      '3、殡葬管理',
      '①殡葬管理',
      '⑴殡葬管理',
      '第一条 殡葬管理',
      '*殡葬管理',
      '＊ 殡葬管理',
    ]) {
      expect(normalise(numbered), numbered).toBe(bare);
    }
    expect(normalise('开展宣传；2.建立台账；（三）定期报送')).toBe('开展宣传建立台账定期报送');
  });

  it('keeps digits that carry meaning (80岁, 12345, 50%)', () => {
    expect(normalise('对违规领取80岁以上高龄津贴的追缴')).toBe('对违规领取80岁以上高龄津贴的追缴');
    expect(normalise('负责本乡“12345”政务服务便民热线')).toBe('负责12345政务服务便民热线');
    expect(normalise('未达到应更新造林面积50%的处罚')).toBe('未达到应更新造林面积50的处罚');
  });

  it('folds full-width forms and drops whitespace and punctuation', () => {
    expect(normalise('执行“双微一端”编审制度')).toBe(normalise('执行"双微一端"编审制度'));
    expect(normalise('辖区内自建房隐患 排查整改工作')).toBe('辖区内自建房隐患排查整改工作');
    expect(normalise('ＡＢＣ　１２３：土地、矿产资源等的监督检查，管理。')).toBe(
      'abc123土地矿产资源等的监督检查管理',
    );
  });

  it("removes the town's and county's own names, full and short, and 本镇-style self-references", () => {
    expect(placeNameForms(SEED_PLACES)).toEqual([
      '呼伦贝尔市',
      '阿龙山镇',
      '呼伦贝尔',
      '阿龙山',
      '根河市',
      '根河',
    ]);
    const own = '负责本镇公共基础设施的管理，开展阿龙山镇生态旅游项目宣传，落实“健康根河”行动';
    const other = '负责公共基础设施的管理，开展金河镇生态旅游项目宣传，落实“健康新城”行动';
    expect(normalise(own, seed)).toBe('负责公共基础设施的管理开展生态旅游项目宣传落实健康行动');
    expect(normalise(other, { places: ['金河镇', '新城县'] })).toBe(normalise(own, seed));
  });

  it('keeps the 181 seed items distinct', () => {
    expect(new Set(SEED_ITEMS.map((item) => normalise(item.text, seed))).size).toBe(181);
  });

  it('never throws and leaves no whitespace, punctuation or upper case, on any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
        (text, places) => {
          const result = normalise(text, { places });
          expect(result).not.toMatch(/[\s\p{P}\p{S}]/u);
          expect(result).toBe(result.toLowerCase());
        },
      ),
      { numRuns: 500 },
    );
  });
});
