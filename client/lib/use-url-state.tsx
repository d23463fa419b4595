// React binding of the URL state: one provider reads location.search, every change is a history entry
// (pushState) and back/forward (popstate) restore the state they recorded.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import {
  parseUrlState,
  serializeUrlState,
  toggleFilter,
  toggleFilters,
  type FilterKey,
  type FilterValue,
  type UrlState,
} from './url-state.ts';

export type Navigate = (update: (state: UrlState) => UrlState, options?: { replace?: boolean }) => void;

interface UrlStateContextValue {
  state: UrlState;
  navigate: Navigate;
}

const UrlStateContext = createContext<UrlStateContextValue | null>(null);

export function UrlStateProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<UrlState>(() => parseUrlState(window.location.search));
  // The latest state, so navigate() can compute and push the next URL outside a state updater.
  const current = useRef(state);

  useEffect(() => {
    const onPopState = () => {
      const next = parseUrlState(window.location.search);
      current.current = next;
      setState(next);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const navigate = useCallback<Navigate>((update, options) => {
    const next = update(current.current);
    const search = serializeUrlState(next);
    if (search !== window.location.search) {
      const url = `${window.location.pathname}${search}${window.location.hash}`;
      if (options?.replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    }
    current.current = next;
    setState(next);
  }, []);

  const value = useMemo(() => ({ state, navigate }), [state, navigate]);
  return <UrlStateContext.Provider value={value}>{children}</UrlStateContext.Provider>;
}

export function useUrlState(): UrlStateContextValue {
  const value = useContext(UrlStateContext);
  if (!value) throw new Error('useUrlState must be used inside <UrlStateProvider>');
  return value;
}

/** Cross-filtering helpers for charts, tables and chips. */
export function useFilterToggle() {
  const { state, navigate } = useUrlState();
  const toggle = useCallback(
    <K extends FilterKey>(key: K, value: FilterValue<K>) => navigate((s) => toggleFilter(s, key, value)),
    [navigate],
  );
  const toggleMany = useCallback(
    (pairs: ReadonlyArray<{ key: FilterKey; value: string }>) => navigate((s) => toggleFilters(s, pairs)),
    [navigate],
  );
  const isSelected = useCallback(
    (key: FilterKey, value: string) => (state.filters[key] as string[]).includes(value),
    [state.filters],
  );
  return { filters: state.filters, toggle, toggleMany, isSelected };
}
