// A link that opens one item in the items view's detail panel — of an older edition when `edition`
// names one — keeping the filters, so back returns to the comparison the reader came from.
import type { MouseEvent, ReactNode } from 'react';
import { serializeUrlState } from '../lib/url-state.ts';
import { useUrlState } from '../lib/use-url-state.tsx';

export function ItemLink({
  itemId,
  edition = null,
  title,
  children,
  testId,
}: {
  itemId: string;
  edition?: string | null;
  title?: string;
  children: ReactNode;
  testId?: string;
}) {
  const { state, navigate } = useUrlState();
  const target = { ...state, view: 'items' as const, item: itemId, itemEdition: edition };
  const open = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(() => target);
  };
  return (
    <a href={serializeUrlState(target) || '?'} onClick={open} title={title} data-testid={testId}>
      {children}
    </a>
  );
}
