// The 导出 Word button (header and report page): fetches GET /api/report.docx for the current filters and
// language and saves it, or says why not. A plain link would save whatever the server answered under the
// report's name — a busy or timed-out server's JSON error (503 with Retry-After) became a broken .docx.
import { useI18n } from '../use-i18n.tsx';
import { useUrlState } from '../use-url-state.tsx';
import { reportDocxUrl } from '../report-docx-url.ts';
import { ActionButton } from './action-button.tsx';
import { saveBlob } from './download.ts';

/** The file name the server gives (Content-Disposition's UTF-8 `filename*`, else `filename`). */
export function attachmentName(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded !== undefined) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/** The server's error message (`{error: {message}}`), else the status line. */
async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // Not JSON: the status says enough.
  }
  return `HTTP ${res.status} ${res.statusText}`.trim();
}

export function ReportDocxButton({ testId }: { testId: string }) {
  const { t, lang } = useI18n();
  const { state } = useUrlState();
  return (
    <ActionButton
      label={t('report.docx')}
      title={t('report.docxHint')}
      testId={testId}
      run={async () => {
        const res = await fetch(reportDocxUrl(state.filters, lang));
        if (!res.ok) throw new Error(await errorMessage(res));
        saveBlob(await res.blob(), attachmentName(res.headers.get('content-disposition'), 'report.docx'));
      }}
    />
  );
}
