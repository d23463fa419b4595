// Property tests: any valid dashboard state survives a trip through the URL unchanged, and any query
// string at all parses without throwing into a state that serializes stably.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONFORMANCE_CLASSES,
  DUTY_SORTS,
  ITEM_SORTS,
  TOWN_RANKS,
  TOWN_RANK_SIZES,
  VIEWS,
  parseUrlState,
  serializeUrlState,
  type UrlState,
} from '../../client/lib/url-state.ts';
import { DEPARTMENT_TYPES, KINDS, SUPPORT_TYPES } from '../../shared/vocabulary.ts';
import { LANGS } from '../../shared/i18n.ts';

const text = (maxLength: number) =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength }).filter((s) => s.trim() === s && s !== '');
const values = <T>(arb: fc.Arbitrary<T>) => fc.uniqueArray(arb, { maxLength: 4 });
const optional = fc.option(text(40), { nil: null });

const state: fc.Arbitrary<UrlState> = fc.record({
  view: fc.constantFrom(...VIEWS),
  lang: fc.constantFrom(...LANGS),
  decal: fc.boolean(),
  filters: fc.record({
    town: values(text(20)),
    region: values(text(40)),
    kind: values(fc.constantFrom(...KINDS)),
    category: values(text(20)),
    department: values(text(40)),
    departmentType: values(fc.constantFrom(...DEPARTMENT_TYPES)),
    supportType: values(fc.constantFrom(...SUPPORT_TYPES)),
    edition: values(text(20)),
    q: fc.oneof(fc.constant(''), text(100)),
  }),
  page: fc.integer({ min: 1, max: 10_000 }),
  sort: fc.constantFrom(...ITEM_SORTS),
  order: fc.constantFrom('asc' as const, 'desc' as const),
  item: optional,
  dept: optional,
  townA: optional,
  townB: optional,
  tables: values(fc.constantFrom('flows', 'categories', 'departments', 'bureaus', 'support-heatmap')),
  rank: fc.constantFrom(...TOWN_RANKS),
  rankSize: fc.constantFrom(...TOWN_RANK_SIZES),
  itemEdition: optional,
  ctown: optional,
  from: optional,
  to: optional,
  dsort: fc.constantFrom(...DUTY_SORTS),
  dorder: fc.constantFrom('asc' as const, 'desc' as const),
  dpage: fc.integer({ min: 1, max: 10_000 }),
  duty: fc.option(fc.integer({ min: 0, max: 999_999_999 }).map(String), { nil: null }),
  template: optional,
  conf: fc.option(fc.constantFrom(...CONFORMANCE_CLASSES), { nil: null }),
});

describe('url-state properties', () => {
  it('parse(serialize(state)) is the state', () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(parseUrlState(serializeUrlState(s))).toEqual(s);
      }),
      { numRuns: 500 },
    );
  });

  it('parses any query string without throwing, to a state that serializes stably', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (search) => {
        const parsed = parseUrlState(search);
        const again = serializeUrlState(parsed);
        expect(serializeUrlState(parseUrlState(again))).toBe(again);
      }),
      { numRuns: 500 },
    );
  });
});
