#!/usr/bin/env bash
# The one test command: vitest (unit, database, interop) then Playwright (browser), with one
# closing line "N passed, N failed" that counts every test run by both.
set -u
cd "$(dirname "$0")/.."
out=$(mktemp -d)
status=0

# Type errors are failures too: next build skips type checking (ignoreBuildErrors), so this is
# where they are caught. Counted as one failed check in the closing line.
typecheck_failed=0
npx tsc --noEmit -p . || { echo "typecheck failed (npx tsc --noEmit)"; typecheck_failed=1; status=1; }

npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest.json" || status=1
# The security probe runs inside Playwright (e2e/zz-security-probe.spec.ts) against the server
# Playwright builds and starts, so one `next build` serves both; each probe counts below.
SECURITY_PROBE_RESULTS="$out/security-probe.json" PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" \
  npx playwright test --reporter=list,json || status=1

TYPECHECK_FAILED=$typecheck_failed node scripts/count-results.mjs "$out/vitest.json" "$out/playwright.json" "$out/security-probe.json" || status=1
rm -rf "$out"
exit $status
