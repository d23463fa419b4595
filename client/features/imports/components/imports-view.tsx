// 导入清单: choose or drop list files, see the ETL's dry run of each (lists declared vs found, department
// names new to the database, warnings, errors with their place), confirm, watch the load, then open the
// new town. The drop zone is the file input's label, so it is reached with Tab and opened with Enter or
// Space like any file input; dropping files on it does the same as choosing them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type DragEvent, type ReactNode } from 'react';
import type { ImportFile, ImportPreview } from '../../../../shared/import-contract.ts';
import { formatNumber } from '../../../../shared/format.ts';
import { departmentLabel, kindLabel } from '../../../../shared/i18n.ts';
import { KINDS } from '../../../../shared/vocabulary.ts';
import { ErrorState, Skeleton } from '../../../components/query-status.tsx';
import { defaultUrlState, emptyFilters, serializeUrlState } from '../../../lib/url-state.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useUrlState } from '../../../lib/use-url-state.tsx';
import {
  commitImport,
  importConfigQueryOptions,
  importStatusQueryOptions,
  uploadForPreview,
} from '../api/imports-api.ts';
import { selectionProblems } from '../file-checks.ts';

/** One card of the page: a section titled by its heading. */
function Card({
  id,
  title,
  testId,
  children,
}: {
  id: string;
  title: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={id} data-testid={testId}>
      <header className="card-header">
        <h2 id={id} className="card-title">
          {title}
        </h2>
      </header>
      {children}
    </section>
  );
}

export function ImportsView() {
  const { t } = useI18n();
  const config = useQuery(importConfigQueryOptions());
  const [token, setToken] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const [committedId, setCommittedId] = useState<string | null>(null);
  const inputId = useId();
  const tokenId = useId();

  const preview = useMutation({ mutationFn: (files: File[]) => uploadForPreview(files, token) });
  const commit = useMutation({
    mutationFn: (importId: string) => commitImport(importId, token),
    onSuccess: (status) => setCommittedId(status.importId),
  });
  // The same query the progress section polls: while it loads, the preview cannot be left or confirmed.
  const status = useQuery({
    ...importStatusQueryOptions(committedId ?? '', token),
    enabled: committedId !== null,
  });
  const loading =
    commit.isPending ||
    (committedId !== null && status.data?.state !== 'done' && status.data?.state !== 'failed');

  if (config.isPending) return <Skeleton height={240} />;
  if (config.isError) return <ErrorState error={config.error} onRetry={() => void config.refetch()} />;
  const limits = config.data;
  const types = limits.extensions.join(' ');

  const choose = (list: FileList | null) => {
    const files = [...(list ?? [])];
    if (files.length === 0) return;
    const found = selectionProblems(files, limits, t);
    setProblems(found);
    setCommittedId(null);
    commit.reset();
    if (found.length === 0) preview.mutate(files);
    else preview.reset();
  };
  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files);
  };
  const restart = () => {
    setProblems([]);
    setCommittedId(null);
    preview.reset();
    commit.reset();
  };

  return (
    <div className="view imports-view" data-testid="imports-view">
      <Card id="imports-title" title={t('imports.title')}>
        <p className="card-note">{t('imports.intro', { types })}</p>
        {!limits.enabled ? (
          <p className="notice" role="alert" data-testid="imports-off">
            {t('imports.off', { reason: limits.reason ?? '' })}
          </p>
        ) : (
          <>
            {limits.tokenRequired && (
              <div className="imports-token">
                <label htmlFor={tokenId}>{t('imports.token')}</label>
                <input
                  id={tokenId}
                  type="password"
                  autoComplete="off"
                  value={token}
                  onChange={(e) => setToken(e.target.value)}
                  aria-describedby={`${tokenId}-hint`}
                />
                <span id={`${tokenId}-hint`} className="muted small">
                  {t('imports.tokenHint')}
                </span>
              </div>
            )}
            <label
              htmlFor={inputId}
              className={dragging ? 'drop-zone is-dragging' : 'drop-zone'}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
              data-testid="imports-drop"
            >
              <input
                id={inputId}
                className="drop-zone-input"
                type="file"
                multiple
                accept={limits.extensions.join(',')}
                aria-describedby={`${inputId}-hint`}
                onChange={(e) => {
                  choose(e.target.files);
                  // Choosing the same files again must run the check again.
                  e.target.value = '';
                }}
                data-testid="imports-input"
              />
              <span className="drop-zone-title">{t('imports.drop')}</span>
              <span id={`${inputId}-hint`} className="muted small">
                {t('imports.dropHint', {
                  fileMb: Math.round(limits.maxFileBytes / 1_048_576),
                  files: limits.maxFiles,
                  totalMb: Math.round(limits.maxTotalBytes / 1_048_576),
                })}
              </span>
            </label>
          </>
        )}
        {problems.length > 0 && (
          <ul className="state state-error imports-problems" role="alert" data-testid="imports-problems">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
        {preview.isPending && <Skeleton height={120} label={t('imports.checking')} />}
        {preview.isError && <ErrorState error={preview.error} />}
      </Card>

      {preview.data && (
        <PreviewSection
          preview={preview.data}
          committed={committedId !== null}
          loading={loading}
          onConfirm={() => commit.mutate(preview.data.importId)}
          onRestart={restart}
        />
      )}
      {commit.isError && <ErrorState error={commit.error} />}
      {committedId !== null && <ProgressSection importId={committedId} token={token} />}
    </div>
  );
}

function PreviewSection({
  preview,
  committed,
  loading,
  onConfirm,
  onRestart,
}: {
  preview: ImportPreview;
  committed: boolean;
  loading: boolean;
  onConfirm: () => void;
  onRestart: () => void;
}) {
  const { t } = useI18n();
  const blocked = preview.files.some((file) => file.error !== null);
  return (
    <Card id="imports-preview-title" title={t('imports.preview')} testId="imports-preview">
      <p className="card-note">{t('imports.previewNote')}</p>
      <div className="imports-files">
        {preview.files.map((file, index) => (
          <FileCheck key={`${index}-${file.name}`} file={file} />
        ))}
      </div>
      <div className="button-row">
        {blocked ? (
          <p className="notice" role="alert">
            {t('imports.confirmBlocked')}
          </p>
        ) : (
          <button
            type="button"
            className="button button-primary"
            disabled={loading || committed}
            onClick={onConfirm}
            data-testid="imports-confirm"
          >
            {t('imports.confirm', { count: preview.files.length })}
          </button>
        )}
        <button type="button" className="button" onClick={onRestart} disabled={loading}>
          {t('imports.restart')}
        </button>
      </div>
    </Card>
  );
}

function FileCheck({ file }: { file: ImportFile }) {
  const { t } = useI18n();
  const count = (n: number | null) => (n === null ? t('imports.noDeclared') : formatNumber(n));
  return (
    <article className="imports-file" data-testid="imports-file" aria-label={file.name}>
      <h3 className="imports-file-name">{file.name}</h3>
      {file.error !== null ? (
        <div className="state state-error" role="alert">
          <strong>{t('imports.error')}</strong>
          <p className="imports-message">{file.error}</p>
        </div>
      ) : (
        <>
          <dl className="imports-facts">
            <dt>{t('imports.town')}</dt>
            <dd data-testid="imports-town">{file.town}</dd>
            <dt>{t('imports.edition')}</dt>
            <dd>{file.edition}</dd>
            <dt>{t('imports.format')}</dt>
            <dd>{file.format}</dd>
          </dl>
          <table className="simple-table imports-lists">
            <caption className="visually-hidden">{file.name}</caption>
            <thead>
              <tr>
                <th scope="col">{t('imports.list')}</th>
                <th scope="col" className="num">
                  {t('imports.declared')}
                </th>
                <th scope="col" className="num">
                  {t('imports.found')}
                </th>
                <th scope="col">{t('imports.match')}</th>
              </tr>
            </thead>
            <tbody>
              {KINDS.map((kind) => {
                const list = file.lists[kind];
                const same = list.declared === null || list.declared === list.found;
                return (
                  <tr key={kind} data-testid={`imports-list-${kind}`}>
                    <th scope="row">{kindLabel(t, kind)}</th>
                    <td className="num" data-testid="declared">
                      {count(list.declared)}
                    </td>
                    <td className="num" data-testid="found">
                      {formatNumber(list.found)}
                    </td>
                    <td className={same ? 'imports-ok' : 'imports-differs'}>
                      {same ? `✓ ${t('imports.matchOk')}` : `≠ ${t('imports.matchDiffers')}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="imports-departments" data-testid="imports-new-departments">
            {file.newDepartments.length === 0
              ? t('imports.newDepartmentsNone', { count: file.departments })
              : `${t('imports.newDepartments', { count: file.newDepartments.length })}: ${file.newDepartments
                  .map((name) => departmentLabel(t, name))
                  .join(t('app.listSeparator'))}`}
          </p>
          {file.warnings.length === 0 ? (
            <p className="muted small">{t('imports.warningsNone')}</p>
          ) : (
            <details className="imports-warnings">
              <summary>{t('imports.warnings', { count: file.warnings.length })}</summary>
              <ul>
                {file.warnings.map((warning, index) => (
                  <li key={index} className="imports-message">
                    {warning}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </article>
  );
}

function ProgressSection({ importId, token }: { importId: string; token: string }) {
  const { t, lang } = useI18n();
  const { navigate } = useUrlState();
  const queryClient = useQueryClient();
  const status = useQuery(importStatusQueryOptions(importId, token));
  const state = status.data?.state;
  useEffect(() => {
    // The database changed: every view's answers are stale.
    if (state === 'done')
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'imports' });
  }, [state, queryClient]);

  return (
    <Card id="imports-progress-title" title={t('imports.progress')} testId="imports-progress">
      <div role="status" aria-live="polite" data-testid="imports-state" data-state={state ?? 'loading'}>
        <p>
          <strong>{t(`imports.state.${state ?? 'loading'}`)}</strong>
          {status.data?.message && state !== 'done' && (
            <span className="imports-message muted"> · {status.data.message}</span>
          )}
        </p>
        {(state === undefined || state === 'loading') && <progress aria-label={t('imports.progress')} />}
      </div>
      {status.isError && <ErrorState error={status.error} onRetry={() => void status.refetch()} />}
      {state === 'done' && status.data && (
        <p className="imports-done">
          {t('imports.doneTowns')}{' '}
          {status.data.towns.map((town) => {
            const target = {
              ...defaultUrlState(),
              lang,
              filters: { ...emptyFilters(), town: [town.townId] },
            };
            return (
              <a
                key={town.townId}
                className="button"
                href={serializeUrlState(target) || '?'}
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                  e.preventDefault();
                  navigate(() => target);
                }}
                data-testid="imports-open-town"
              >
                {t('imports.openTown', { town: town.name })}
              </a>
            );
          })}
        </p>
      )}
    </Card>
  );
}
