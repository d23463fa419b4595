// Prints the closing "N passed, N failed" line CI reads, summed over vitest's JSON reports.
// Usage: node .ci/summary.mjs STATUS REPORT [STATUS REPORT …] — one pair per test run, STATUS its exit code.
// A run that failed before vitest reported (install, type check, lint, format, a setup step) counts as
// 1 failed, as does a failed run whose report shows no failed test. Each failed test is named, with the
// first lines of its message, above the closing line: CI keeps only the tail of the output.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error('usage: node .ci/summary.mjs STATUS REPORT [STATUS REPORT …]');
  process.exit(2);
}
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (let i = 0; i < args.length; i += 2) {
  const status = Number(args[i]);
  const reportPath = args[i + 1];
  let runFailed = 0;
  if (existsSync(reportPath)) {
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    passed += report.numPassedTests;
    runFailed = report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    for (const file of report.testResults ?? []) {
      const where = relative(process.cwd(), file.name ?? '');
      const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
      for (const test of failedTests) {
        const message = (test.failureMessages ?? []).join('\n').split('\n').slice(0, 6).join('\n    ');
        failures.push(`${where} › ${test.fullName}\n    ${message}`);
      }
      if (failedTests.length === 0 && file.status === 'failed') {
        failures.push(`${where} (the file failed: ${String(file.message ?? '').split('\n')[0]})`);
      }
    }
  } else if (status !== 0) {
    failures.push(
      `${reportPath}: no report (the run stopped before its tests: install, type check, lint or format)`,
    );
  }
  if (status !== 0 && runFailed === 0) runFailed = 1;
  failed += runFailed;
}
if (failures.length > 0) console.log(`failed:\n${failures.map((line) => `  ${line}`).join('\n')}`);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
