// Department canonicalisation, department types, support taxonomy and text helpers.

import { describe, expect, it } from 'vitest';
import { htmlToText, splitSteps } from '../../etl/clean-text.ts';
import { canonicalDepartment, departmentType } from '../../etl/normalize-departments.ts';
import { classifySupport, splitSupportPhrases } from '../../etl/normalize-support.ts';
import { splitPenaltyClauses } from '../../etl/parse-penalties.ts';

const aliases = new Map([
  ['根河信访局', '根河市信访局'],
  ['生态环境局根河市分局', '呼伦贝尔市生态环境局根河市分局'],
]);

describe('canonicalDepartment', () => {
  it('removes spaces inside a name', () => {
    expect(canonicalDepartment('根河市城市管理综合 执法局', aliases)).toEqual({
      canonical: '根河市城市管理综合执法局',
      note: null,
      rules: ['whitespace'],
    });
  });
  it('keeps a bracketed note apart', () => {
    expect(canonicalDepartment('根河市应急管理局 (矿山安全监管局)', aliases)).toMatchObject({
      canonical: '根河市应急管理局',
      note: '矿山安全监管局',
    });
  });
  it('maps short forms through the alias table', () => {
    expect(canonicalDepartment('根河信访局', aliases)).toEqual({
      canonical: '根河市信访局',
      note: null,
      rules: ['alias'],
    });
    expect(canonicalDepartment('生态环境局根河市分局', aliases).canonical).toBe(
      '呼伦贝尔市生态环境局根河市分局',
    );
  });
});

describe('departmentType', () => {
  it.each([
    ['根河市委宣传部', 'party'],
    ['中共根河市委政法委员会', 'party'],
    ['呼伦贝尔市生态环境局根河市分局', 'branch'],
    ['根河市卫生健康委员会', 'government'],
    ['根河市消防救援大队', 'other'],
  ])('%s is %s', (name, type) => {
    expect(departmentType(name)).toBe(type);
  });
});

describe('classifySupport', () => {
  it('keeps bracketed lists whole and reads staff, materials, training and policy', () => {
    const raw = '人力（劳动保障协理员）、设备（配备电脑、打印机）、人员业务培训、政策解读';
    expect(splitSupportPhrases(raw)).toEqual([
      '人力（劳动保障协理员）',
      '设备（配备电脑、打印机）',
      '人员业务培训',
      '政策解读',
    ]);
    expect(classifySupport(raw).map((s) => s.supportType)).toEqual([
      'policy',
      'training',
      'staff',
      'materials',
    ]);
  });
  it('reads funding and falls back to other', () => {
    expect(classifySupport('资金、业务指导').map((s) => s.supportType)).toEqual(['guidance', 'funding']);
    expect(classifySupport('扶持创作基地')).toEqual([{ supportType: 'other', phrases: ['扶持创作基地'] }]);
  });
});

describe('text helpers', () => {
  it('strips HTML and decodes entities', () => {
    expect(
      htmlToText('<p>部门职责：</p> <ol style="list-style-type: none"><li>A&amp;B&nbsp;C</li></ol>'),
    ).toBe('部门职责：\nA&B C');
  });
  it('splits numbered steps only when numbering runs 1, 2, 3 from the start', () => {
    expect(splitSteps('1.甲； 2.乙，防治率做到4‰。 3.丙')).toEqual(['甲；', '乙，防治率做到4‰。', '丙']);
    expect(splitSteps('前言 1.甲 2.乙')).toEqual([]);
    expect(splitSteps('没有编号')).toEqual([]);
  });
  it('joins a fragment that does not end in 处罚 with the next one', () => {
    expect(splitPenaltyClauses('*对甲的; *乙的处罚; *对丙的处罚。')).toEqual([
      '对甲的；乙的处罚',
      '对丙的处罚',
    ]);
  });
});
