// ExcelJS and JSZip are large: loaded on the first export that needs them, never in the initial bundle.
import type ExcelJSModule from 'exceljs';
import type JSZipModule from 'jszip';

export async function loadExcel(): Promise<typeof ExcelJSModule> {
  const mod = (await import('exceljs')) as unknown as {
    default?: typeof ExcelJSModule;
  } & typeof ExcelJSModule;
  return mod.default ?? mod;
}

export async function loadZip(): Promise<typeof JSZipModule> {
  const mod = (await import('jszip')) as unknown as { default?: typeof JSZipModule } & typeof JSZipModule;
  return mod.default ?? mod;
}
