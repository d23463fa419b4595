// The region picker: a combobox (ARIA 1.2 pattern: an input that owns a listbox) searching the loaded
// provinces, cities, counties and towns through GET /api/regions as the reader types, so it works with
// 38,600 towns without sending them all. Arrow keys move, Enter picks, Escape closes (then clears).
// Picking adds the region to the URL's `region` filter; its chip removes it again.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { formatNumber } from '../../../../shared/format.ts';
import type { MessageKey } from '../../../../shared/i18n.ts';
import { toggleFilter } from '../../../lib/url-state.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useUrlState } from '../../../lib/use-url-state.tsx';
import { regionsQueryOptions } from '../api/regions-query.ts';
import { regionFilterValue, type RegionLike } from '../region-filter-value.ts';

const DEBOUNCE_MS = 200;

interface Region extends RegionLike {
  parents: string[];
  towns: number;
  items: number;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function RegionPicker() {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  // The highlighted option belongs to one search: a new search starts again at the top.
  const [active, setActive] = useState({ q: '', index: 0 });
  const q = useDebounced(text.trim(), DEBOUNCE_MS);
  const regions = useQuery({ ...regionsQueryOptions(q), enabled: open });
  const list: Region[] = regions.data?.regions ?? [];
  const activeIndex = active.q === q ? Math.max(0, Math.min(active.index, list.length - 1)) : 0;
  const id = useId();
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const chosen = state.filters.region;

  const choose = async (region: Region) => {
    setOpen(false);
    setText('');
    let value = region.path;
    try {
      value = regionFilterValue(
        region,
        (await queryClient.fetchQuery(regionsQueryOptions(region.name, 50))).regions,
      );
    } catch {
      // Without the namesake check the path is the safe choice: it names exactly one region.
    }
    navigate((s) => (s.filters.region.includes(value) ? s : toggleFilter(s, 'region', value)));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const move = (delta: number) => {
      e.preventDefault();
      if (!open) return setOpen(true);
      if (list.length === 0) return;
      setActive({ q, index: (activeIndex + delta + list.length) % list.length });
    };
    switch (e.key) {
      case 'ArrowDown':
        return move(1);
      case 'ArrowUp':
        return move(-1);
      case 'Enter': {
        if (!open) return;
        e.preventDefault();
        const current = text.trim();
        const fresh = current === q && !regions.isPlaceholderData;
        if (fresh) {
          const region = list[activeIndex];
          if (region) void choose(region);
          return;
        }
        // Typed faster than the debounce: the list on screen belongs to an older search, so ask for
        // this one and take its best match rather than picking a stale option.
        void queryClient
          .fetchQuery(regionsQueryOptions(current))
          .then((answer) => answer.regions[0] && choose(answer.regions[0]))
          .catch(() => undefined);
        return;
      }
      case 'Escape':
        e.preventDefault();
        if (open) setOpen(false);
        else setText('');
        return;
      case 'Tab':
        setOpen(false);
        return;
    }
  };

  const expanded = open && (list.length > 0 || regions.isFetched);
  const activeRegion = expanded ? list[activeIndex] : undefined;
  const total = regions.data?.total ?? 0;

  return (
    <div className="region-picker" data-testid="region-picker">
      <label className="select-label" htmlFor={`${id}-input`}>
        {t('region.label')}
      </label>
      <div className="region-combobox">
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          className="input region-input"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('region.placeholder')}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={activeRegion ? optionId(activeIndex) : undefined}
          aria-describedby={`${id}-hint`}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          data-testid="region-input"
        />
        <span id={`${id}-hint`} className="visually-hidden">
          {t('region.hint')}
        </span>
        <div className="region-popup" hidden={!expanded}>
          <ul
            id={listId}
            role="listbox"
            aria-label={t('region.label')}
            className="region-list"
            data-testid="region-list"
          >
            {list.map((r, i) => {
              const isChosen = chosen.includes(r.name) || chosen.includes(r.path);
              return (
                <li
                  key={`${r.level}:${r.path}`}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === activeIndex}
                  className="region-option"
                  data-level={r.level}
                  data-path={r.path}
                  // Keep the focus in the input so the list does not close before the click lands.
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => i !== activeIndex && setActive({ q, index: i })}
                  onClick={() => void choose(r)}
                >
                  <span className={`region-level region-level-${r.level}`}>
                    {t(`region.level.${r.level}` as MessageKey)}
                  </span>
                  <span className="region-text">
                    <span className="region-name">
                      {r.name}
                      {isChosen && <span className="region-chosen"> ✓ {t('region.selected')}</span>}
                    </span>
                    {r.parents.length > 0 && <span className="region-parents">{r.parents.join(' / ')}</span>}
                  </span>
                  <span className="region-counts">
                    {r.level !== 'town' && (
                      <>
                        {r.towns === 1
                          ? t('region.townsOne')
                          : t('region.towns', { n: formatNumber(r.towns) })}
                        {' · '}
                      </>
                    )}
                    {t('region.items', { n: formatNumber(r.items) })}
                  </span>
                </li>
              );
            })}
          </ul>
          {regions.isFetched && list.length === 0 && (
            <p className="region-status" role="status">
              {t('region.none')}
            </p>
          )}
          {total > list.length && (
            <p className="region-status" role="status">
              {t('region.more', { total: formatNumber(total), shown: formatNumber(list.length) })}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
