// The burden-shift headline: items per list, penalty powers reclaimed vs kept, and what support the
// cooperative duties come with. The list-kind figures double as kind filters.
import { formatNumber, formatPercent, formatShares } from '../../../../shared/format.ts';
import { kindLabel } from '../../../../shared/i18n.ts';
import { KIND_COLORS, SUPPORT_TYPE_COLORS } from '../../../../shared/charts/palette.ts';
import { KINDS } from '../../../../shared/vocabulary.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useFilterToggle } from '../../../lib/use-url-state.tsx';

export interface Summary {
  items: { basic: number; cooperative: number; reclaimed: number; total: number };
  penalties: { reclaimedItems: number; keptClauses: number; keptItems: number };
  support: { cooperativeItems: number; withFundingOrStaff: number; policyOnly: number };
  departments: number;
}

const NOTES = {
  basic: 'overview.basicNote',
  cooperative: 'overview.cooperativeNote',
  reclaimed: 'overview.reclaimedNote',
} as const;

/**
 * A number of a two-number card. Two seven-digit numbers (a national database: 1,040,871 vs 1,113,483)
 * do not fit side by side at the usual size, so a long one is set smaller.
 */
function PairValue({ value, color }: { value: number; color?: string }) {
  const text = formatNumber(value);
  const long = text.length > 7;
  return (
    <span
      className={`figure-value figure-value-small${long ? ' figure-value-long' : ''}`}
      style={color ? { color } : undefined}
    >
      {text}
    </span>
  );
}

export function HeadlineFigures({ summary }: { summary: Summary }) {
  const { t } = useI18n();
  const { toggle, isSelected } = useFilterToggle();
  const { items, penalties, support } = summary;
  // The three lists' shares add up to 100% (largest-remainder rounding), filtered or not.
  const shares = formatShares(
    KINDS.map((k) => items[k]),
    items.total,
  );
  return (
    <div className="figures" data-testid="headline-figures">
      <div className="figure figure-total">
        <span className="figure-label">{t('overview.total')}</span>
        <span className="figure-value" data-testid="figure-total">
          {formatNumber(items.total)}
        </span>
        <span className="figure-note">
          {t('overview.departments')} {formatNumber(summary.departments)}
        </span>
      </div>
      {KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          className="figure figure-kind"
          style={{ borderTopColor: KIND_COLORS[kind] }}
          aria-pressed={isSelected('kind', kind)}
          onClick={() => toggle('kind', kind)}
          data-testid={`figure-${kind}`}
        >
          <span className="figure-label">
            <span className="swatch" style={{ background: KIND_COLORS[kind] }} aria-hidden="true" />
            {kindLabel(t, kind)}
          </span>
          <span className="figure-value">{formatNumber(items[kind])}</span>
          <span className="figure-note">
            {t(NOTES[kind])} · {shares[KINDS.indexOf(kind)]}
          </span>
        </button>
      ))}
      <div className="figure figure-pair" data-testid="figure-penalties">
        <span className="figure-label">{t('overview.penalties')}</span>
        <div className="pair">
          <div>
            <PairValue value={penalties.reclaimedItems} color={KIND_COLORS.reclaimed} />
            <span className="figure-note">{t('overview.penaltiesReclaimed')}</span>
          </div>
          <span className="pair-vs" aria-hidden="true">
            vs
          </span>
          <div>
            <PairValue value={penalties.keptClauses} color={KIND_COLORS.basic} />
            <span className="figure-note">
              {t('overview.penaltiesKept')}
              <br />
              {t('overview.penaltiesKeptItems', { n: formatNumber(penalties.keptItems) })}
            </span>
          </div>
        </div>
      </div>
      <div className="figure figure-pair" data-testid="figure-support">
        <span className="figure-label">
          {t('overview.support')} ·{' '}
          {t('overview.ofCooperative', { n: formatNumber(support.cooperativeItems) })}
        </span>
        <div className="pair">
          <div>
            <PairValue value={support.withFundingOrStaff} />
            <span className="figure-note">{t('overview.withFundingOrStaff')}</span>
          </div>
          <span className="pair-vs" aria-hidden="true">
            vs
          </span>
          <div>
            <PairValue value={support.policyOnly} />
            <span className="figure-note">{t('overview.policyOnly')}</span>
          </div>
        </div>
        <div
          className="ratio-bar"
          role="img"
          aria-label={`${t('overview.withFundingOrStaff')} ${formatNumber(support.withFundingOrStaff)}, ${t('overview.policyOnly')} ${formatNumber(support.policyOnly)}`}
        >
          <span
            style={{
              width: formatPercent(support.withFundingOrStaff, support.cooperativeItems),
              background: SUPPORT_TYPE_COLORS.funding,
            }}
          />
          <span
            style={{
              width: formatPercent(support.policyOnly, support.cooperativeItems),
              background: SUPPORT_TYPE_COLORS.policy,
            }}
          />
        </div>
      </div>
    </div>
  );
}
