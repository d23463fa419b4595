// The `region` filter in the URL state: repeated like department, round-trips, reaches the API query.
import { describe, expect, it } from 'vitest';
import {
  clearFilters,
  defaultUrlState,
  filtersToQuery,
  hasFilters,
  parseUrlState,
  serializeUrlState,
  toggleFilter,
} from '../../client/lib/url-state.ts';

describe('url-state: town ranking', () => {
  it('keeps the ranking measure and page size in the URL, defaults left out', () => {
    const state = parseUrlState('?view=towns&rank=reclaimedPenalties&rankSize=50');
    expect([state.rank, state.rankSize]).toEqual(['reclaimedPenalties', 50]);
    expect(serializeUrlState(state)).toBe('?view=towns&rank=reclaimedPenalties&rankSize=50');
    expect(serializeUrlState({ ...state, rank: 'reclaimed', rankSize: 20 })).toBe('?view=towns');
  });

  it('falls back to reclaimed items, 20 per page, for unknown values', () => {
    const state = parseUrlState('?rank=name&rankSize=37');
    expect([state.rank, state.rankSize]).toEqual(['reclaimed', 20]);
  });
});

describe('url-state: region filter', () => {
  it('writes regions as repeated parameters and reads them back', () => {
    const state = toggleFilter(
      toggleFilter(defaultUrlState(), 'region', '根河市'),
      'region',
      '内蒙古自治区兴安盟阿尔山市',
    );
    const search = serializeUrlState(state);
    expect(new URLSearchParams(search).getAll('region')).toEqual(['根河市', '内蒙古自治区兴安盟阿尔山市']);
    expect(parseUrlState(search)).toEqual(state);
    expect(serializeUrlState(parseUrlState(search))).toBe(search);
  });

  it('round-trips region with the other filters and views', () => {
    const search = `?view=towns&region=${encodeURIComponent('根河市')}&town=t2bbd4796eb&kind=reclaimed&lang=en`;
    const state = parseUrlState(search);
    expect(state.filters.region).toEqual(['根河市']);
    expect(state.filters.town).toEqual(['t2bbd4796eb']);
    expect(state.view).toBe('towns');
    expect(serializeUrlState(state)).toBe(search);
  });

  it('trims, de-duplicates and drops empty region values', () => {
    const state = parseUrlState(
      `?region=${encodeURIComponent(' 根河市 ')}&region=${encodeURIComponent('根河市')}&region=`,
    );
    expect(state.filters.region).toEqual(['根河市']);
  });

  it('counts as a filter, is cleared with the others and toggles off', () => {
    const on = toggleFilter({ ...defaultUrlState(), page: 4 }, 'region', '阿龙山镇');
    expect(on.page).toBe(1);
    expect(hasFilters(on.filters)).toBe(true);
    expect(toggleFilter(on, 'region', '阿龙山镇').filters.region).toEqual([]);
    expect(clearFilters(on).filters.region).toEqual([]);
  });

  it('is sent to the API, sorted so one set of regions is one cache key', () => {
    const a = parseUrlState(`?region=${encodeURIComponent('金河镇')}&region=${encodeURIComponent('兴安盟')}`);
    const b = parseUrlState(`?region=${encodeURIComponent('兴安盟')}&region=${encodeURIComponent('金河镇')}`);
    expect(filtersToQuery(a.filters)).toEqual({ region: ['兴安盟', '金河镇'] });
    expect(filtersToQuery(b.filters)).toEqual(filtersToQuery(a.filters));
    expect(filtersToQuery(defaultUrlState().filters)).toEqual({});
  });
});
