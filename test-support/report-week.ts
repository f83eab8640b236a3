// A seeded week (23-30 Nov 2026, UTC) for protection reports: two assets under policies with
// RPOs, one without; daily backups with a failure, two missed runs, a late manual backup, drills
// that pass and fail, and rows just outside the week. lib/services/reports.test.ts works out
// the figures by hand; the CLI test and the sample report use the same rows.
import type { Db } from "@/db/client";
import { assets, jobs, policies, policyAssets, repositories, restorePoints } from "@/db/schema";

export const at = (day: number, hh: number, mm = 0) => new Date(Date.UTC(2026, 10, day, hh, mm));

export interface SeedOptions {
  /** Put before every name (a shared database, such as the browser tests' server's). */
  prefix?: string;
  /** Park the policies' schedules far ahead so a running scheduler queues nothing for them. */
  parkSchedules?: boolean;
}

/** Seeds the week; returns the ids to remove it again. */
export async function seedReportWeek(
  db: Db,
  { prefix = "", parkSchedules = false }: SeedOptions = {},
): Promise<{ assetIds: string[]; policyIds: string[]; repositoryId: string }> {
  const scheduledThrough = parkSchedules ? new Date("2100-01-01T00:00:00Z") : null;
  const [repo] = await db
    .insert(repositories)
    .values({ name: `${prefix}main`, url: "/tmp/none", passwordEncrypted: "x" })
    .returning();
  const [orders, web, orphan] = await db
    .insert(assets)
    .values([
      { kind: "postgres", name: `${prefix}orders`, databaseName: "orders" },
      { kind: "directory", name: `${prefix}web-1`, path: "/srv/web" },
      { kind: "directory", name: `${prefix}orphan`, path: "/srv/orphan" },
    ])
    .returning();
  const [nightly, loose] = await db
    .insert(policies)
    .values([
      {
        name: `${prefix}nightly`,
        schedule: "0 2 * * *",
        repositoryId: repo.id,
        rpoHours: 24,
        scheduledThrough,
        drillSchedule: null,
      },
      {
        name: `${prefix}loose`,
        schedule: "0 3 * * *",
        repositoryId: repo.id,
        rpoHours: 48,
        scheduledThrough,
        drillSchedule: null,
      },
    ])
    .returning();
  await db.insert(policyAssets).values([
    { policyId: nightly.id, assetId: orders.id },
    { policyId: nightly.id, assetId: web.id },
    { policyId: loose.id, assetId: web.id },
  ]);
  let n = 0;
  const point = (assetId: string, time: Date, bytesAdded: number, verifiedStatus = "unverified") => ({
    assetId,
    repositoryId: repo.id,
    snapshotId: String(++n).padStart(64, "0"),
    time,
    bytesAdded,
    verifiedStatus: verifiedStatus as "unverified" | "verified" | "failed",
  });
  await db.insert(restorePoints).values([
    // orders: 02:00 daily, none on the 26th (its backup failed).
    point(orders.id, at(22, 2), 99_999),
    ...[23, 24, 25, 28, 29].map((d) => point(orders.id, at(d, 2), 1000)),
    point(orders.id, at(27, 2), 1000, "verified"),
    // web-1: 03:00 daily; the 25th missed; a manual run at 15:00 on the 26th.
    point(web.id, at(22, 3), 5),
    point(web.id, at(23, 3), 10, "verified"),
    point(web.id, at(24, 3), 20),
    point(web.id, at(26, 15), 30),
    point(web.id, at(27, 3), 40),
    point(web.id, at(28, 3), 50),
    point(web.id, at(29, 3), 60, "failed"),
    // After the week: not in it.
    point(web.id, at(30, 3), 70),
  ]);
  const job = (
    assetId: string,
    kind: "backup" | "verify",
    status: "succeeded" | "failed" | "missed",
    finishedAt: Date,
    scheduledFor: Date | null = null,
  ) => ({ kind, status, assetId, finishedAt, scheduledFor, source: "schedule" as const });
  await db.insert(jobs).values([
    ...[23, 24, 25, 27, 28, 29].map((d) => job(orders.id, "backup", "succeeded", at(d, 2, 10))),
    job(orders.id, "backup", "failed", at(26, 2, 40)),
    job(orders.id, "backup", "failed", at(22, 2, 40)), // the week before
    ...[23, 24, 27, 28, 29].map((d) => job(web.id, "backup", "succeeded", at(d, 3, 10))),
    job(web.id, "backup", "succeeded", at(26, 15, 10)),
    job(web.id, "backup", "succeeded", at(30, 0, 30)), // the week after
    job(web.id, "backup", "missed", at(25, 6), at(25, 3)),
    // Due in the week, recorded as missed after it ended: counts in the week it was due.
    job(web.id, "backup", "missed", at(30, 1), at(29, 23, 30)),
    job(orders.id, "verify", "succeeded", at(29, 4)),
    job(web.id, "verify", "failed", at(29, 4, 10)),
    job(orders.id, "verify", "succeeded", at(22, 4)), // the week before
  ]);
  return {
    assetIds: [orders.id, web.id, orphan.id],
    policyIds: [nightly.id, loose.id],
    repositoryId: repo.id,
  };
}
