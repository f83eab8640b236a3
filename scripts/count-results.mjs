// Sums the JSON reports of vitest and Playwright into the closing line CI reads.
import { existsSync, readFileSync } from "node:fs";

const [vitestFile, playwrightFile, probeFile] = process.argv.slice(2);
// test.sh runs the type checker first; a failed type check counts as one failure.
const typecheckFailed = process.env.TYPECHECK_FAILED === "1" ? 1 : 0;
let passed = 0;
let failed = typecheckFailed;
let skipped = 0;

if (vitestFile && existsSync(vitestFile)) {
  const report = JSON.parse(readFileSync(vitestFile, "utf8"));
  passed += report.numPassedTests ?? 0;
  // numFailedTestSuites also counts every describe block around a failed test; count only files
  // that failed without a failed test (they did not load), next to the failed tests themselves.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === "failed" && !(file.assertionResults ?? []).some((a) => a.status === "failed"),
  );
  failed += (report.numFailedTests ?? 0) + brokenFiles.length;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} else {
  failed += 1;
  console.error("vitest wrote no report");
}

if (playwrightFile && existsSync(playwrightFile)) {
  const report = JSON.parse(readFileSync(playwrightFile, "utf8"));
  const stats = report.stats ?? {};
  // Errors outside any test (the web server did not start, a config error) count as failures.
  failed += (report.errors ?? []).length;
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  skipped += stats.skipped ?? 0;
} else {
  failed += 1;
  console.error("Playwright wrote no report");
}

// The security probe's results (one entry per probe), written by e2e/zz-security-probe.spec.ts.
// Absent when Playwright was skipped (no Chromium): that spec is then counted as skipped above.
if (probeFile && existsSync(probeFile)) {
  const probes = JSON.parse(readFileSync(probeFile, "utf8"));
  passed += probes.filter((p) => p.ok).length;
  failed += probes.filter((p) => !p.ok).length;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
