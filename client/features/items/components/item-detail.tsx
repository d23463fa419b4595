// The full structured text of one item: department duties as numbered steps, support, town duties,
// the enforcement procedure, kept penalty clauses, and the source file and line it was read from.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { KindTag } from '../../../components/kind-tag.tsx';
import { ErrorState, Skeleton } from '../../../components/query-status.tsx';
import { formatNumber } from '../../../../shared/format.ts';
import {
  categoryLabel,
  departmentTypeLabel,
  linkRoleLabel,
  supportTypeLabel,
} from '../../../../shared/i18n.ts';
import { supportTypeColor } from '../../../../shared/charts/palette.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { itemDetailQueryOptions } from '../api/item-detail-query.ts';

function Steps({
  steps,
  text,
}: {
  steps: readonly string[] | null | undefined;
  text: string | null | undefined;
}) {
  if (steps && steps.length > 0)
    return (
      <ol className="steps">
        {steps.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ol>
    );
  return text ? <p className="prose">{text}</p> : null;
}

function Block({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <div className="detail-block" data-testid={testId}>
      <h3 className="detail-heading">{title}</h3>
      {children}
    </div>
  );
}

export function ItemDetail({
  itemId,
  edition = null,
  onClose,
}: {
  itemId: string;
  /** The edition the id belongs to when it is not the town's latest (the changes view links so). */
  edition?: string | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const detail = useQuery(itemDetailQueryOptions(itemId, edition));
  const heading = useRef<HTMLHeadingElement>(null);
  // Move focus to the panel when an item opens, so keyboard and screen-reader users land on it.
  useEffect(() => heading.current?.focus(), [itemId, detail.data]);

  return (
    <aside className="card detail item-detail" aria-labelledby="item-detail-title" data-testid="item-detail">
      <header className="card-header">
        <h2 id="item-detail-title" className="card-title" tabIndex={-1} ref={heading}>
          {detail.data ? detail.data.item.name : t('items.detail')}
        </h2>
        <button type="button" className="button button-small" onClick={onClose}>
          {t('items.close')}
        </button>
      </header>
      {detail.isPending ? (
        <Skeleton height={480} />
      ) : detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <ItemDetailBody item={detail.data.item} />
      )}
    </aside>
  );
}

interface Item {
  name: string;
  kind: string;
  seq: number;
  category: string;
  townName: string;
  departmentsRaw: string | null;
  departmentDuties: string | null;
  departmentDutySteps: string[] | null;
  supportRaw: string | null;
  townDuties: string | null;
  townDutySteps: string[] | null;
  method: string | null;
  methodSteps: string[] | null;
  isPenalty: boolean;
  sourceFile: string;
  sourceLine: number;
  sourcePlace: string | null;
  edition: string | null;
  latest: boolean;
  departments: Array<{
    name: string;
    type: string;
    role: string;
    rawName: string;
    note: string | null;
    duties: string | null;
    dutySteps: string[] | null;
  }>;
  support: Array<{ supportType: string; phrases: string[] }>;
  penaltyClauses: Array<{ clauseNo: number; text: string }>;
  procedureStages: Array<{ stageNo: number; stage: string; text: string }>;
}

function ItemDetailBody({ item }: { item: Item }) {
  const { t } = useI18n();
  const ownDuties = item.departments.some((d) => d.duties || (d.dutySteps && d.dutySteps.length > 0));
  return (
    <div className="detail-body">
      <p className="item-meta">
        <KindTag kind={item.kind} /> {item.townName} · {categoryLabel(t, item.category)} · {t('items.seq')}{' '}
        {formatNumber(item.seq)}
        {item.isPenalty && <span className="tag tag-penalty">{t('items.penalty')}</span>}
      </p>
      <p className="source" data-testid="item-source">
        {t('items.source', { file: item.sourceFile, line: formatNumber(item.sourceLine) })}
        {item.sourcePlace && <> · {t('items.sourcePlace', { place: item.sourcePlace })}</>}
      </p>
      {item.edition && (
        <p className="source" data-testid="item-edition">
          {t(item.latest ? 'items.editionLatest' : 'items.edition', { edition: item.edition })}
        </p>
      )}
      {!item.latest && item.edition && (
        <p className="notice" role="note" data-testid="item-older-edition">
          {t('items.olderEdition', { edition: item.edition })}
        </p>
      )}

      {item.departments.length > 0 && (
        <Block
          title={item.kind === 'reclaimed' ? t('items.method') : t('items.departmentDuties')}
          testId="item-departments"
        >
          {item.departments.map((d) => (
            <div key={d.name} className="dept-block">
              <p className="dept-name">
                <strong>{d.name}</strong>{' '}
                <span className="muted">
                  {departmentTypeLabel(t, d.type)} · {linkRoleLabel(t, d.role)}
                </span>
              </p>
              {(d.rawName !== d.name || d.note) && (
                <p className="muted small">
                  {t('items.rawName', { name: d.rawName })}
                  {d.note ? `（${d.note}）` : ''}
                </p>
              )}
              <Steps steps={d.dutySteps} text={d.duties} />
            </div>
          ))}
          {!ownDuties &&
            (item.kind === 'reclaimed' ? (
              // A penalty item's method is the eight-stage procedure, shown once below.
              item.procedureStages.length === 0 && <Steps steps={item.methodSteps} text={item.method} />
            ) : (
              <Steps steps={item.departmentDutySteps} text={item.departmentDuties} />
            ))}
        </Block>
      )}

      {item.support.length > 0 && (
        <Block title={t('items.supportRaw')} testId="item-support">
          <ul className="chip-list">
            {item.support.map((s) => (
              <li key={s.supportType} className="chip chip-static" title={s.phrases.join('、')}>
                <span
                  className="swatch"
                  style={{ background: supportTypeColor(s.supportType) }}
                  aria-hidden="true"
                />
                {supportTypeLabel(t, s.supportType)}
              </li>
            ))}
          </ul>
          {item.supportRaw && <p className="prose muted">{item.supportRaw}</p>}
        </Block>
      )}

      {(item.townDuties || (item.townDutySteps && item.townDutySteps.length > 0)) && (
        <Block title={t('items.townDuties')} testId="item-town-duties">
          <Steps steps={item.townDutySteps} text={item.townDuties} />
        </Block>
      )}

      {item.procedureStages.length > 0 && (
        <Block title={t('items.stages')} testId="item-stages">
          <ol className="stages">
            {item.procedureStages.map((s) => (
              <li key={s.stageNo}>
                <span className="stage-name">
                  {formatNumber(s.stageNo)}. {s.stage}
                </span>
                <span className="stage-text">{s.text}</span>
              </li>
            ))}
          </ol>
        </Block>
      )}

      {item.penaltyClauses.length > 0 && (
        <Block title={t('items.penaltyClauses')} testId="item-penalty-clauses">
          <ol className="clause-list">
            {item.penaltyClauses.map((c) => (
              <li key={c.clauseNo} value={c.clauseNo}>
                {c.text}
              </li>
            ))}
          </ol>
        </Block>
      )}
    </div>
  );
}
