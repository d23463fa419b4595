// Cutting a printed report's long lists: the bureaus whose items fill the rows shown.
import { describe, expect, it } from 'vitest';
import { bureausFilling } from '../../shared/export/first-rows.ts';

describe('bureausFilling', () => {
  // The seed's four penalty bureaus, most items first.
  const seed = [{ count: 11 }, { count: 7 }, { count: 6 }, { count: 4 }];

  it('takes bureaus until their items reach the rows asked for', () => {
    expect(bureausFilling(seed, 1)).toBe(1);
    expect(bureausFilling(seed, 11)).toBe(1);
    expect(bureausFilling(seed, 12)).toBe(2);
    expect(bureausFilling(seed, 24)).toBe(3);
  });

  it('stops at the last bureau, and takes none for no rows or no bureaus', () => {
    expect(bureausFilling(seed, 200)).toBe(4);
    expect(bureausFilling(seed, 0)).toBe(0);
    expect(bureausFilling([], 200)).toBe(0);
  });
});
