// Loading, empty and error states with the same footprint as the content they stand for, so the page
// does not jump when data arrives.
import type { ReactNode } from 'react';
import { useI18n } from '../lib/use-i18n.tsx';

export function Skeleton({ height, label }: { height: number; label?: string }) {
  const { t } = useI18n();
  return (
    <div className="skeleton" style={{ height }} role="status" aria-live="polite">
      <span className="visually-hidden">{label ?? t('state.loading')}</span>
    </div>
  );
}

export function EmptyState({ height, children }: { height?: number; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="state state-empty" style={height ? { height } : undefined} role="status">
      {children ?? t('state.empty')}
    </div>
  );
}

export function ErrorState({
  height,
  error,
  onRetry,
}: {
  height?: number;
  error: unknown;
  onRetry?: () => void;
}) {
  const { t } = useI18n();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state state-error" style={height ? { height } : undefined} role="alert">
      <p>{t('state.error', { message })}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** Renders the right state for a TanStack query, or the content once data is there. */
export function QueryStatus({
  query,
  height,
  isEmpty,
  children,
}: {
  query: QueryLike;
  height: number;
  isEmpty?: boolean;
  children: () => ReactNode;
}) {
  if (query.isPending) return <Skeleton height={height} />;
  if (query.isError)
    return <ErrorState height={height} error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty) return <EmptyState height={height} />;
  return <>{children()}</>;
}
