// What the page can tell about chosen files before uploading them, by the server's own limits (GET
// /api/imports): the type by its name, each file's size, their count and total. Pure.
import type { ImportConfig } from '../../../shared/import-contract.ts';
import type { Translate } from '../../../shared/i18n.ts';

const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);

/** The problems of a selection, in the page's language; empty when it can be uploaded. */
export function selectionProblems(
  files: readonly { name: string; size: number }[],
  config: ImportConfig,
  t: Translate,
): string[] {
  const types = config.extensions.join(' ');
  const fileMb = Math.round(config.maxFileBytes / 1_048_576);
  const problems: string[] = [];
  if (files.length > config.maxFiles)
    problems.push(t('imports.tooMany', { files: config.maxFiles, count: files.length }));
  for (const file of files) {
    const dot = file.name.lastIndexOf('.');
    const extension = dot < 0 ? '' : file.name.slice(dot).toLowerCase();
    if (!config.extensions.includes(extension))
      problems.push(t('imports.wrongType', { name: file.name, types }));
    else if (file.size > config.maxFileBytes)
      problems.push(t('imports.tooLarge', { name: file.name, mb: mb(file.size), fileMb }));
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > config.maxTotalBytes)
    problems.push(
      t('imports.totalTooLarge', { mb: mb(total), totalMb: Math.round(config.maxTotalBytes / 1_048_576) }),
    );
  return problems;
}
