// The security probe (scripts/security-probe/probe.ts) against the server Playwright already
// started, so `npm test` builds once. Named to run last: its rate-limit probes use up this
// machine's sign-in budget for a minute. Every probe is one line here and one count in the
// closing line of `npm test` (scripts/count-results.mjs reads SECURITY_PROBE_RESULTS).
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { runProbes, summary } from "../scripts/security-probe/probe";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.skip(!existsSync(chromium), "Chromium is missing: apt-get install chromium");

test("security probe", async ({ baseURL }) => {
  test.setTimeout(240_000);
  const lines: string[] = [];
  const results = await runProbes({
    baseURL: String(baseURL).replace("localhost", "127.0.0.1"),
    root: path.resolve(import.meta.dirname, ".."),
    // The administrator first-run.spec.ts created.
    admin: { email: "ada@example.com", password: "first-run-password" },
    log: (line) => {
      lines.push(line);
      console.log(line);
    },
  });
  console.log(summary(results));
  const file = process.env.SECURITY_PROBE_RESULTS;
  if (file) writeFileSync(file, JSON.stringify(results));
  expect(
    results.filter((r) => !r.ok),
    lines.join("\n"),
  ).toEqual([]);
});
