// Data quality: the warnings the loader raised and the department names it normalised, each traced to
// its source line, so every number on the dashboard can be checked against the published list.
import { useQuery } from '@tanstack/react-query';
import { QueryStatus } from '../../../components/query-status.tsx';
import { SimpleTable } from '../../../components/simple-table.tsx';
import { formatNumber } from '../../../../shared/format.ts';
import { categoryLabel, kindLabel, type MessageKey } from '../../../../shared/i18n.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useUrlState } from '../../../lib/use-url-state.tsx';
import { qualityQueryOptions } from '../api/quality-query.ts';

const RULE_KEYS: Record<string, MessageKey> = {
  alias: 'quality.rule.alias',
  whitespace: 'quality.rule.whitespace',
  bracket_note: 'quality.rule.bracket_note',
};

const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : formatNumber(n));

export function QualityView() {
  const { t } = useI18n();
  const { state } = useUrlState();
  const quality = useQuery(qualityQueryOptions(state.filters.town));
  const issues = quality.data?.issues ?? [];
  const aliases = quality.data?.aliases ?? [];
  return (
    <div className="view grid-1-1">
      <section className="card" aria-labelledby="issues-title" data-testid="quality-issues">
        <header className="card-header">
          <h2 id="issues-title" className="card-title">
            {t('quality.issues')}{' '}
            {quality.data && <span className="count">{formatNumber(issues.length)}</span>}
          </h2>
        </header>
        <QueryStatus query={quality} height={200}>
          {() =>
            issues.length === 0 ? (
              <p className="state state-ok">{t('quality.issuesNone')}</p>
            ) : (
              <div className="table-scroll">
                <SimpleTable
                  caption={t('quality.issues')}
                  rows={issues}
                  rowKey={(r, i) => `${r.sourceFile}:${r.sourceLine}:${r.code}:${i}`}
                  columns={[
                    { key: 'file', header: t('quality.file'), cell: (r) => r.sourceFile },
                    { key: 'line', header: t('quality.line'), numeric: true, cell: (r) => num(r.sourceLine) },
                    { key: 'code', header: t('quality.code'), cell: (r) => <code>{r.code}</code> },
                    {
                      key: 'message',
                      header: t('quality.message'),
                      cell: (r) =>
                        [
                          r.listKind ? kindLabel(t, r.listKind) : null,
                          r.category ? categoryLabel(t, r.category) : null,
                          r.message,
                        ]
                          .filter(Boolean)
                          .join(' · '),
                    },
                    {
                      key: 'declared',
                      header: t('quality.declared'),
                      numeric: true,
                      cell: (r) => num(r.declared),
                    },
                    { key: 'found', header: t('quality.found'), numeric: true, cell: (r) => num(r.found) },
                  ]}
                />
              </div>
            )
          }
        </QueryStatus>
      </section>
      <section className="card" aria-labelledby="aliases-title" data-testid="quality-aliases">
        <header className="card-header">
          <h2 id="aliases-title" className="card-title">
            {t('quality.aliases')}{' '}
            {quality.data && <span className="count">{formatNumber(aliases.length)}</span>}
          </h2>
        </header>
        <QueryStatus query={quality} height={200}>
          {() =>
            aliases.length === 0 ? (
              <p className="state state-ok">{t('quality.aliasesNone')}</p>
            ) : (
              <div className="table-scroll">
                <SimpleTable
                  caption={t('quality.aliases')}
                  rows={aliases}
                  rowKey={(r) => `${r.rawName}:${r.rule}`}
                  columns={[
                    {
                      key: 'raw',
                      header: t('quality.rawName'),
                      cell: (r) => <span className="raw">{r.rawName}</span>,
                    },
                    { key: 'canonical', header: t('quality.canonical'), cell: (r) => r.canonical },
                    {
                      key: 'rule',
                      header: t('quality.rule'),
                      cell: (r) => {
                        const key = RULE_KEYS[r.rule];
                        return <span className="nowrap">{key ? t(key) : r.rule}</span>;
                      },
                    },
                    {
                      key: 'count',
                      header: t('quality.count'),
                      numeric: true,
                      cell: (r) => formatNumber(r.count),
                    },
                    {
                      key: 'lines',
                      header: t('quality.lines'),
                      cell: (r) => r.lines.map((l) => formatNumber(l)).join('、'),
                    },
                  ]}
                />
              </div>
            )
          }
        </QueryStatus>
      </section>
    </div>
  );
}
