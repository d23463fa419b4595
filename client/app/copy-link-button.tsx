// Copies the current URL, which holds the whole view state, so the reader can share exactly this view.
import { useEffect, useState } from 'react';
import { useI18n } from '../lib/use-i18n.tsx';

export function CopyLinkButton() {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="button"
      title={t('app.copyLinkHint')}
      onClick={() => {
        void navigator.clipboard?.writeText(window.location.href).then(() => setCopied(true));
      }}
      data-testid="copy-link"
    >
      <span aria-live="polite">{copied ? `✓ ${t('app.copied')}` : t('app.copyLink')}</span>
    </button>
  );
}
