// Prints the closing "N passed, N failed" line CI reads, from vitest's JSON report.
// A run that failed before vitest reported (install, type check, lint, format) counts as 1 failed.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath = 'test-results/vitest.json', statusText = '0'] = process.argv.slice(2);
const status = Number(statusText);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  skipped = report.numPendingTests + report.numTodoTests;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
