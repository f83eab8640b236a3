// /api/metrics content on PGlite and PostgreSQL: fixture rows (jobs, restore points, a policy
// with an RPO target, a measured repository) come out as the expected Prometheus series, and the
// text parses as exposition format 0.0.4. Two renders in one process do not collide.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, jobs, policies, policyAssets, repositories, restorePoints } from "@/db/schema";
import { type TestDatabase, testDatabaseKinds } from "@/db/testing";
import type { Role } from "@/lib/auth/roles";
import { testContext } from "@/lib/auth/testing";
import { skipWithoutPostgres } from "@/test-support/external";
import { renderMetrics } from "./metrics";

const noPostgres = await skipWithoutPostgres();

/** `name{a="x",b="y"} value` lines as a map from `name{a="x",b="y"}` (labels sorted) to value. */
function parseExposition(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) {
      if (line && !/^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) throw new Error(`bad: ${line}`);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not exposition format: ${line}`);
    const labels = (m[2] ?? "")
      .split(/,(?=[a-zA-Z_]+=")/)
      .filter(Boolean)
      .sort()
      .join(",");
    out.set(labels ? `${m[1]}{${labels}}` : (m[1] as string), Number(m[3]));
  }
  return out;
}

describe.each(testDatabaseKinds)("metrics on $name", ({ name, create }) => {
  const skip = name === "postgres" && noPostgres;
  let t: TestDatabase;
  const now = new Date("2026-11-28T12:00:00Z");
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
  const ctx = (role: Role = "viewer") => testContext(t.db, role);

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    const [repo] = await t.db
      .insert(repositories)
      .values({ name: "main", url: "/nowhere", passwordEncrypted: "x", sizeBytes: 123456789 })
      .returning();
    await t.db.insert(repositories).values({ name: "unmeasured", url: "/else", passwordEncrypted: "x" });
    const [www, db, idle] = await t.db
      .insert(assets)
      .values([
        { kind: "directory", name: "www", path: "/srv/www" },
        { kind: "postgres", name: "orders", databaseName: "orders" },
        { kind: "directory", name: "idle", path: "/srv/idle" },
      ])
      .returning();
    const [hourly, nightly] = await t.db
      .insert(policies)
      .values([
        { name: "hourly", schedule: "0 * * * *", repositoryId: repo.id, rpoHours: 2 },
        { name: "nightly", schedule: "0 3 * * *", repositoryId: repo.id },
      ])
      .returning();
    await t.db.insert(policyAssets).values([
      { policyId: hourly.id, assetId: www.id },
      { policyId: hourly.id, assetId: db.id },
      { policyId: hourly.id, assetId: idle.id },
      { policyId: nightly.id, assetId: www.id },
    ]);
    await t.db.insert(restorePoints).values([
      // www: fresh (1 h), verified one 30 h ago; orders: stale (5 h); idle: none.
      { assetId: www.id, repositoryId: repo.id, snapshotId: "a".repeat(64), time: hoursAgo(1) },
      {
        assetId: www.id,
        repositoryId: repo.id,
        snapshotId: "b".repeat(64),
        time: hoursAgo(30),
        verifiedStatus: "verified",
      },
      { assetId: db.id, repositoryId: repo.id, snapshotId: "c".repeat(64), time: hoursAgo(5) },
    ]);
    const backup = (assetId: string, status: "succeeded" | "failed", finishedAt: Date, result?: object) => ({
      kind: "backup" as const,
      status,
      assetId,
      source: "schedule" as const,
      finishedAt,
      result: result as Record<string, unknown> | undefined,
    });
    await t.db
      .insert(jobs)
      .values([
        backup(www.id, "succeeded", hoursAgo(0.9), { durationMs: 1500, bytesRead: 1000, bytesAdded: 100 }),
        backup(www.id, "succeeded", hoursAgo(29.9), { durationMs: 2500, bytesRead: 3000, bytesAdded: 300 }),
        backup(db.id, "failed", hoursAgo(0.5)),
        { kind: "verify", status: "succeeded", assetId: www.id, source: "ui", result: { durationMs: 4000 } },
        { kind: "restore", status: "queued", assetId: www.id, source: "cli" },
      ]);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it.skipIf(skip)("exposes jobs, freshness, RPO compliance, repository sizes and job totals", async () => {
    const out = await renderMetrics(ctx(), now);
    expect(out.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    const m = parseExposition(out.body);
    const ts = (d: Date) => d.getTime() / 1000;
    expect(m.get('lifeboat_jobs{kind="backup",status="succeeded"}')).toBe(2);
    expect(m.get('lifeboat_jobs{kind="backup",status="failed"}')).toBe(1);
    expect(m.get('lifeboat_jobs{kind="restore",status="queued"}')).toBe(1);
    expect(m.get('lifeboat_last_successful_backup_timestamp_seconds{asset="www"}')).toBe(ts(hoursAgo(0.9)));
    // No successful backup job row: the newest restore point stands in.
    expect(m.get('lifeboat_last_successful_backup_timestamp_seconds{asset="orders"}')).toBe(ts(hoursAgo(5)));
    expect(m.has('lifeboat_last_successful_backup_timestamp_seconds{asset="idle"}')).toBe(false);
    expect(m.get('lifeboat_newest_restore_point_timestamp_seconds{asset="www"}')).toBe(ts(hoursAgo(1)));
    expect(m.get('lifeboat_newest_verified_restore_point_timestamp_seconds{asset="www"}')).toBe(
      ts(hoursAgo(30)),
    );
    expect(m.has('lifeboat_newest_verified_restore_point_timestamp_seconds{asset="orders"}')).toBe(false);
    expect(m.get('lifeboat_rpo_compliant{asset="www",policy="hourly"}')).toBe(1);
    expect(m.get('lifeboat_rpo_compliant{asset="orders",policy="hourly"}')).toBe(0);
    expect(m.get('lifeboat_rpo_compliant{asset="idle",policy="hourly"}')).toBe(0);
    expect([...m.keys()].some((k) => k.includes('policy="nightly"'))).toBe(false);
    expect(m.get('lifeboat_repository_size_bytes{repository="main"}')).toBe(123456789);
    expect(m.has('lifeboat_repository_size_bytes{repository="unmeasured"}')).toBe(false);
    expect(m.get('lifeboat_job_duration_seconds_total{kind="backup"}')).toBe(4);
    expect(m.get('lifeboat_job_duration_seconds_total{kind="verify"}')).toBe(4);
    expect(m.get('lifeboat_job_bytes_read_total{kind="backup"}')).toBe(4000);
    expect(m.get('lifeboat_job_bytes_added_total{kind="backup"}')).toBe(400);
    expect(out.body).toContain("# TYPE lifeboat_rpo_compliant gauge");
  });

  it.skipIf(skip)("renders again without registry collisions, and needs a signed-in role", async () => {
    const again = await renderMetrics(ctx(), now);
    expect(parseExposition(again.body).get('lifeboat_jobs{kind="backup",status="failed"}')).toBe(1);
    await expect(renderMetrics({ ...ctx(), actor: null as never }, now)).rejects.toMatchObject({
      code: "unauthenticated",
    });
  });
});
