// Prints the closing "N passed, N failed" line CI reads, summed over vitest's JSON reports.
// Usage: node .ci/summary.mjs STATUS REPORT [STATUS REPORT …] — one pair per test run, STATUS its exit code.
// A run that failed before vitest reported (install, type check, lint, format, a setup step) counts as
// 1 failed, as does a failed run whose report shows no failed test.
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error('usage: node .ci/summary.mjs STATUS REPORT [STATUS REPORT …]');
  process.exit(2);
}
let passed = 0;
let failed = 0;
let skipped = 0;
for (let i = 0; i < args.length; i += 2) {
  const status = Number(args[i]);
  const reportPath = args[i + 1];
  let runFailed = 0;
  if (existsSync(reportPath)) {
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    passed += report.numPassedTests;
    runFailed = report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
  }
  if (status !== 0 && runFailed === 0) runFailed = 1;
  failed += runFailed;
}
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
