// A button that runs one export (every chart as a ZIP, the Word report): while it runs it says so and
// cannot be pressed again; when it fails, the reason shows beside it (role=alert) in the user's language.
import { useState } from 'react';
import { useI18n } from '../use-i18n.tsx';

export function ActionButton({
  label,
  title,
  testId,
  disabled = false,
  run,
}: {
  label: string;
  title: string;
  /** The button's data-testid; the failure message is `${testId}-error`. */
  testId: string;
  disabled?: boolean;
  /** The export; a thrown Error's message is shown. */
  run: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onClick = async () => {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => void onClick()}
        disabled={busy || disabled}
        aria-busy={busy}
        title={title}
        data-testid={testId}
      >
        {busy ? t('export.working') : label}
      </button>
      {error && (
        <span className="export-status" role="alert" data-testid={`${testId}-error`}>
          {t('export.failed', { message: error })}
        </span>
      )}
    </>
  );
}
