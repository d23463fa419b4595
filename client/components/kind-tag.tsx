// A list-kind label with the kind's palette colour as border and swatch; the text stays dark so it keeps
// enough contrast whatever the kind colour (the cooperative orange is too light for text).
import { kindLabel } from '../../shared/i18n.ts';
import { kindColor } from '../../shared/charts/palette.ts';
import { useI18n } from '../lib/use-i18n.tsx';

export function KindTag({ kind }: { kind: string }) {
  const { t } = useI18n();
  return (
    <span className="tag tag-kind" style={{ borderColor: kindColor(kind) }}>
      <span className="swatch" style={{ background: kindColor(kind) }} aria-hidden="true" />
      {kindLabel(t, kind)}
    </span>
  );
}
