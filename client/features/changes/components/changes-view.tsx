// 变化 (changes): what changed in one town's lists between two editions — counts by class with the
// burden coming back to the town first, a from-list → to-list Sankey of the moves, and every change
// with the two texts side by side, their differing characters marked, linked to both items and their
// source lines. The town comes from the filters (one town), else a picker of the filtered towns with
// several editions first; the editions default to the town's two latest.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Chart } from '../../../components/chart.tsx';
import { ChartCard } from '../../../components/chart-card.tsx';
import { DiffText } from '../../../components/diff-text.tsx';
import { ItemLink } from '../../../components/item-link.tsx';
import { KindTag } from '../../../components/kind-tag.tsx';
import { QueryStatus } from '../../../components/query-status.tsx';
import { SimpleTable } from '../../../components/simple-table.tsx';
import {
  buildChangesSankeyOption,
  changeFlowRows,
} from '../../../../shared/charts/build-changes-sankey-option.ts';
import { changesTable } from '../../../../shared/export/comparison-tables.ts';
import { formatNumber, formatScore } from '../../../../shared/format.ts';
import { diffSides } from '../../../../shared/match/char-diff.ts';
import type { Translate } from '../../../../shared/i18n.ts';
import { ExportMenu } from '../../../lib/export/export-menu.tsx';
import type { ExportSource } from '../../../lib/export/export-sources.ts';
import { changesQueryOptions } from '../../../lib/queries/changes-query.ts';
import { editionTownsQueryOptions } from '../../../lib/queries/edition-towns-query.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useUrlState } from '../../../lib/use-url-state.tsx';

const SANKEY_HEIGHT = 420;
const CLASSES = ['moved', 'reworded', 'added', 'removed', 'unchanged'] as const;

type Source = { file: string; line: number; place: string | null } | null;

function SourceLine({ source, t }: { source: Source; t: Translate }) {
  if (!source) return null;
  return (
    <span className="muted small block source-line">
      {t('changes.sourceLine', { file: source.file, line: formatNumber(source.line) })}
      {source.place ? ` · ${source.place}` : ''}
    </span>
  );
}

export function ChangesView() {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const towns = useQuery(editionTownsQueryOptions(state.filters));
  const list = towns.data?.towns ?? [];
  const town = list.find((x) => x.town === state.ctown) ?? list[0];
  const several = town !== undefined && town.editions.length >= 2;
  // Editions named in the link that this town does not hold fall back to the defaults.
  const from = town && state.from && town.editions.includes(state.from) ? state.from : null;
  const to = town && state.to && town.editions.includes(state.to) ? state.to : null;
  const changes = useQuery({
    ...changesQueryOptions(town?.town ?? '', from, to),
    enabled: several,
  });
  const answer = changes.data;

  const flowData = useMemo(
    () =>
      answer && {
        from: answer.from,
        to: answer.to,
        unchangedByKind: answer.unchangedByKind,
        changes: answer.changes,
      },
    [answer],
  );
  const option = useMemo(
    () => (flowData ? buildChangesSankeyOption(flowData, t, { decal: state.decal }) : null),
    [flowData, t, state.decal],
  );
  const title = answer
    ? t('changes.counts', { town: answer.townName, from: answer.from, to: answer.to })
    : t('view.changes');
  const tableTitle = `${t('changes.table')} · ${title}`;
  const exportSource = useMemo<ExportSource>(
    () => ({
      id: 'changes-table',
      title: tableTitle,
      height: 0,
      getOption: () => null,
      getTable: async () => (answer ? changesTable(answer.changes, t, t('changes.table')) : null),
    }),
    [answer, t, tableTitle],
  );
  const burdenBack = answer?.changes.filter((c) => c.change === 'moved' && c.burdenBack) ?? [];

  return (
    <div className="view">
      <div className="toolbar" data-testid="changes-pickers">
        {list.length > 1 && (
          <label className="select-label">
            {t('compare.town')}
            <select
              value={town?.town ?? ''}
              onChange={(e) => navigate((s) => ({ ...s, ctown: e.target.value, from: null, to: null }))}
              data-testid="changes-town"
            >
              {list.map((x) => (
                <option key={x.town} value={x.town}>
                  {t('compare.townEditions', { name: x.townName, n: formatNumber(x.editions.length) })}
                </option>
              ))}
            </select>
          </label>
        )}
        {several &&
          (['from', 'to'] as const).map((side) => (
            <label key={side} className="select-label">
              {t(side === 'from' ? 'changes.from' : 'changes.to')}
              <select
                value={(side === 'from' ? answer?.from : answer?.to) ?? (side === 'from' ? from : to) ?? ''}
                onChange={(e) => navigate((s) => ({ ...s, [side]: e.target.value }))}
                data-testid={`changes-${side}`}
              >
                {town.editions.map((edition) => (
                  <option key={edition} value={edition}>
                    {edition}
                  </option>
                ))}
              </select>
            </label>
          ))}
        {towns.data && towns.data.total > 1 && (
          <span className="muted small" data-testid="changes-several">
            {t('changes.severalTowns', { n: formatNumber(towns.data.several) })}
          </span>
        )}
      </div>

      <QueryStatus query={towns} height={80} isEmpty={list.length === 0}>
        {() =>
          !several && town ? (
            <p className="notice" role="status" data-testid="changes-only-one">
              {towns.data && towns.data.several === 0 && towns.data.total > 1
                ? t('changes.noSeveral', { n: formatNumber(towns.data.total) })
                : t('changes.onlyOne', { name: town.townName, edition: town.editions[0] ?? '' })}
            </p>
          ) : null
        }
      </QueryStatus>

      {several && (
        <>
          <section className="card" aria-labelledby="changes-counts-title" data-testid="changes-counts">
            <header className="card-header">
              <h2 id="changes-counts-title" className="card-title">
                {title}
              </h2>
            </header>
            <QueryStatus query={changes} height={148}>
              {() =>
                answer && (
                  <>
                    <div className="figures change-figures">
                      <div className="figure figure-burden" data-testid="changes-burden-back">
                        <span className="figure-label">{t('changes.burdenBack')}</span>
                        <span className="figure-value">{formatNumber(answer.burdenBack)}</span>
                        <span className="figure-note">{t('changes.burdenBackNote')}</span>
                      </div>
                      {CLASSES.map((c) => (
                        <div key={c} className="figure" data-testid={`changes-count-${c}`}>
                          <span className="figure-label">{t(`changes.class.${c}`)}</span>
                          <span className="figure-value">{formatNumber(answer.counts[c])}</span>
                        </div>
                      ))}
                    </div>
                    <h3 className="detail-heading">
                      {burdenBack.length > 0
                        ? t('changes.burdenBackList', { n: formatNumber(burdenBack.length) })
                        : t('changes.burdenBackNone')}
                    </h3>
                    {burdenBack.length > 0 && (
                      <ul className="burden-list" data-testid="changes-burden-list">
                        {burdenBack.map((c) => (
                          <li key={`${c.fromItemId}>${c.toItemId}`}>
                            <KindTag kind={c.fromKind ?? ''} /> → <KindTag kind={c.toKind ?? ''} />{' '}
                            {c.toItemId ? (
                              <ItemLink itemId={c.toItemId} edition={answer.to}>
                                {c.toText}
                              </ItemLink>
                            ) : (
                              c.toText
                            )}
                            <SourceLine source={c.toSource} t={t} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </>
                )
              }
            </QueryStatus>
          </section>

          <ChartCard
            id="changes-sankey"
            title={answer ? t('changes.sankey', { from: answer.from, to: answer.to }) : t('view.changes')}
            note={answer ? t('changes.sankeyNote', { from: answer.from, to: answer.to }) : undefined}
            height={SANKEY_HEIGHT}
            query={changes}
            chart={() =>
              option && (
                <Chart
                  option={option}
                  height={SANKEY_HEIGHT}
                  label={t('changes.sankey', { from: answer?.from ?? '', to: answer?.to ?? '' })}
                  testId="chart-changes-sankey"
                />
              )
            }
            exportTable={() =>
              flowData
                ? {
                    name: t('view.changes'),
                    columns: [
                      { header: t('chart.from') },
                      { header: t('chart.to') },
                      { header: t('chart.count') },
                      { header: t('changes.burdenBack') },
                    ],
                    rows: changeFlowRows(flowData, t),
                  }
                : null
            }
            table={() =>
              flowData && (
                <SimpleTable
                  caption={t('changes.sankey', { from: flowData.from, to: flowData.to })}
                  rows={changeFlowRows(flowData, t)}
                  rowKey={(r) => `${r[0]}>${r[1]}`}
                  columns={[
                    { key: 'from', header: t('chart.from'), cell: (r) => r[0] },
                    { key: 'to', header: t('chart.to'), cell: (r) => r[1] },
                    {
                      key: 'n',
                      header: t('chart.count'),
                      numeric: true,
                      cell: (r) => formatNumber(Number(r[2])),
                    },
                    { key: 'back', header: t('changes.burdenBack'), cell: (r) => r[3] },
                  ]}
                />
              )
            }
          />

          <section className="card" aria-labelledby="changes-table-title" data-testid="changes-table-card">
            <header className="card-header">
              <div>
                <h2 id="changes-table-title" className="card-title">
                  {t('changes.table')}{' '}
                  {answer && <span className="count">{formatNumber(answer.changes.length)}</span>}
                </h2>
                <p className="card-note">{t('changes.tableNote')}</p>
              </div>
              <ExportMenu source={exportSource} formats={['csv', 'xlsx']} />
            </header>
            <QueryStatus query={changes} height={240} isEmpty={answer?.changes.length === 0}>
              {() =>
                answer && (
                  <SimpleTable
                    caption={t('changes.table')}
                    testId="changes-table"
                    rows={answer.changes}
                    rowKey={(c, i) => `${i}:${c.fromItemId}>${c.toItemId}`}
                    columns={[
                      {
                        key: 'change',
                        header: t('changes.change'),
                        cell: (c) => (
                          <>
                            <strong>{t(`changes.class.${c.change}`)}</strong>
                            {c.burdenBack && (
                              <span className="tag tag-burden">{t('changes.burdenBack')}</span>
                            )}
                            <span className="block">
                              {c.fromKind && <KindTag kind={c.fromKind} />}
                              {c.fromKind && c.toKind && c.fromKind !== c.toKind && ' → '}
                              {c.toKind && c.toKind !== c.fromKind && <KindTag kind={c.toKind} />}
                            </span>
                          </>
                        ),
                      },
                      {
                        key: 'from',
                        header: `${t('changes.fromText')} · ${answer.from}`,
                        cell: (c) => <ChangeText change={c} side="from" edition={answer.from} t={t} />,
                      },
                      {
                        key: 'to',
                        header: `${t('changes.toText')} · ${answer.to}`,
                        cell: (c) => <ChangeText change={c} side="to" edition={answer.to} t={t} />,
                      },
                      {
                        key: 'similarity',
                        header: t('changes.similarity'),
                        numeric: true,
                        cell: (c) => (c.similarity === null ? '' : formatScore(c.similarity)),
                      },
                    ]}
                  />
                )
              }
            </QueryStatus>
          </section>
        </>
      )}
    </div>
  );
}

interface ChangeLike {
  fromItemId: string | null;
  toItemId: string | null;
  fromText: string | null;
  toText: string | null;
  fromSource: Source;
  toSource: Source;
}

/** One side of a change: its text with the characters the other side lacks marked, link and source. */
function ChangeText({
  change,
  side,
  edition,
  t,
}: {
  change: ChangeLike;
  side: 'from' | 'to';
  edition: string;
  t: Translate;
}) {
  const text = side === 'from' ? change.fromText : change.toText;
  const itemId = side === 'from' ? change.fromItemId : change.toItemId;
  if (text === null || itemId === null) return null;
  const other = side === 'from' ? change.toText : change.fromText;
  const segments =
    other === null ? [{ text, changed: false }] : diffSides(change.fromText!, change.toText!)[side];
  return (
    <>
      <ItemLink
        itemId={itemId}
        edition={edition}
        title={t('changes.openItem', { name: text, edition })}
        testId={`change-${side}-link`}
      >
        <DiffText segments={segments} side={side} />
      </ItemLink>
      <SourceLine source={side === 'from' ? change.fromSource : change.toSource} t={t} />
    </>
  );
}
