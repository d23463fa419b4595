// Previous / page n of m / next, for the paged tables (items, divergent duties).
import type { ReactNode } from 'react';
import { formatNumber } from '../../shared/format.ts';
import { useI18n } from '../lib/use-i18n.tsx';

export function Pager({
  page,
  pages,
  onPage,
  note,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  /** Said after the page number (the items table: how many rows a page holds). */
  note?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <nav
      className="pager"
      aria-label={t('items.page', { page: formatNumber(page), pages: formatNumber(pages) })}
    >
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('items.prev')}
      </button>
      <span className="pager-status">
        {t('items.page', { page: formatNumber(Math.min(page, pages)), pages: formatNumber(pages) })}
        {note && <> · {note}</>}
      </span>
      <button type="button" className="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('items.next')}
      </button>
    </nav>
  );
}
