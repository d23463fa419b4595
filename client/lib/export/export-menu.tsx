// The export controls: a button that opens a small menu of formats (PNG, SVG, CSV, Excel) for one chart
// or table, and a button that exports every chart of the view as a ZIP. Plain buttons, reachable by
// keyboard (Escape closes the menu and returns focus), labelled in both languages through i18n.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageKey } from '../../../shared/i18n.ts';
import { viewLabel } from '../../../shared/i18n.ts';
import { ActionButton } from './action-button.tsx';
import { EXPORT_FORMATS, exportAll, exportOne, type ExportFormat } from './export-actions.ts';
import { exportSources, registerExportSource, type ExportSource } from './export-sources.ts';
import { useExportEnv } from './use-export-env.ts';

const FORMAT_LABELS: Record<ExportFormat, MessageKey> = {
  png: 'export.png',
  svg: 'export.svg',
  csv: 'export.csv',
  xlsx: 'export.xlsx',
};

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'error'; message: string };

/** Registers the source for "export all" while mounted and shows its export menu. */
export function ExportMenu({
  source,
  formats = EXPORT_FORMATS,
  hasChart = true,
  hasData = true,
}: {
  source: ExportSource;
  formats?: readonly ExportFormat[];
  /** False while the card shows its table (no chart drawn): image formats are disabled. */
  hasChart?: boolean;
  /** False when the data is read from the drawn chart and none is drawn. */
  hasData?: boolean;
}) {
  const env = useExportEnv();
  const { t } = env;
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const menuId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  // The registry reads the latest source through a ref, so re-renders do not re-register.
  const latest = useRef(source);
  useEffect(() => {
    latest.current = source;
  });
  useEffect(
    () =>
      registerExportSource({
        id: source.id,
        get title() {
          return latest.current.title;
        },
        get height() {
          return latest.current.height;
        },
        getOption: () => latest.current.getOption(),
        getTable: () => latest.current.getTable(),
      }),
    [source.id],
  );

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const run = async (format: ExportFormat) => {
    setStatus({ kind: 'busy' });
    try {
      await exportOne(source, format, env);
      setStatus({ kind: 'idle' });
      setOpen(false);
      toggleRef.current?.focus();
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
      toggleRef.current?.focus();
      return;
    }
    // Arrow keys, Home and End move between the enabled formats (wrapping), as in any menu.
    if (!open || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
    const options = Array.from(
      rootRef.current?.querySelectorAll<HTMLButtonElement>('.export-option:not(:disabled)') ?? [],
    );
    if (options.length === 0) return;
    e.preventDefault();
    const at = options.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? options.length - 1
          : e.key === 'ArrowDown'
            ? (at + 1) % options.length
            : (at - 1 + options.length) % options.length;
    options[next]?.focus();
  };

  return (
    <div className="export-menu no-print" ref={rootRef} onKeyDown={onKeyDown}>
      <button
        ref={toggleRef}
        type="button"
        className="button button-small"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={t('export.menuLabel', { title: source.title })}
        onClick={() => setOpen((o) => !o)}
        data-testid={`export-${source.id}`}
      >
        {t('export.button')} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          className="export-popover"
          id={menuId}
          role="group"
          aria-label={t('export.menuLabel', { title: source.title })}
        >
          {formats.map((format, i) => {
            const image = format === 'png' || format === 'svg';
            return (
              <button
                key={format}
                type="button"
                className="export-option"
                disabled={status.kind === 'busy' || (image ? !hasChart : !hasData)}
                autoFocus={i === 0}
                onClick={() => void run(format)}
                data-testid={`export-${source.id}-${format}`}
              >
                {t(FORMAT_LABELS[format])}
              </button>
            );
          })}
          <p className="export-status" role="status" aria-live="polite">
            {status.kind === 'busy'
              ? t('export.working')
              : status.kind === 'error'
                ? t('export.failed', { message: status.message })
                : hasChart
                  ? ''
                  : t('export.noChart')}
          </p>
        </div>
      )}
    </div>
  );
}

/**
 * Exports every chart (and table) of the current view as one ZIP. `unavailable`: why this view has nothing
 * to put in a ZIP (the button is disabled and says so).
 */
export function ExportAllButton({ unavailable }: { unavailable?: string } = {}) {
  const env = useExportEnv();
  const { t } = env;
  return (
    <ActionButton
      label={t('export.all')}
      title={unavailable ?? t('export.allHint')}
      testId="export-all"
      disabled={unavailable !== undefined}
      run={async () => {
        const sources = exportSources();
        if (sources.length === 0) throw new Error(t('export.noData'));
        await exportAll(sources, `${t('app.title')}-${viewLabel(t, env.state.view)}`, env);
      }}
    />
  );
}
