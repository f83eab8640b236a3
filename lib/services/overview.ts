// The overview's figures in one call: protection per asset, recent and failed jobs, the next
// scheduled runs, and the series behind the two charts (stored data per repository over time,
// bytes added per run).
import { asc, desc, eq, gte, sql } from "drizzle-orm";
import { assets, repositories, restorePoints } from "@/db/schema";
import { service } from "@/lib/auth/context";
import type { ServiceContext } from "./context";
import { describeAssets } from "./inventory";
import { listJobsPage } from "./job-views";
import { listPolicies } from "./policies";
import { sharedRead } from "./shared-reads";

const DAY = 86_400_000;
const statusOrder = { at_risk: 0, unprotected: 1, protected: 2 } as const;

/**
 * The overview as of now, shared between the requests of the same moment (shared-reads.ts): it
 * is the same for every signed-in user, and the dashboard's busiest page.
 */
export const getSharedOverview = service("viewer", async function getSharedOverview(ctx: ServiceContext) {
  return sharedRead(ctx.db, "overview", 1000, () => getOverview(ctx));
});

export const getOverview = service(
  "viewer",
  async function getOverview(ctx: ServiceContext, now: Date = new Date()) {
    const [assetRows, policyList, recent, failures, repoRows, storageRows, runs] = await Promise.all([
      ctx.db.select().from(assets).orderBy(asc(assets.name)),
      listPolicies(ctx, now),
      listJobsPage(ctx, { limit: 8 }),
      listJobsPage(ctx, { status: "failed", since: new Date(now.getTime() - 7 * DAY), limit: 5 }),
      ctx.db
        .select({ id: repositories.id, name: repositories.name, sizeBytes: repositories.sizeBytes })
        .from(repositories)
        .orderBy(asc(repositories.name)),
      ctx.db
        .select({
          repository: repositories.name,
          day: sql<string>`to_char(date_trunc('day', ${restorePoints.time} at time zone 'UTC'), 'YYYY-MM-DD')`,
          added: sql<number>`sum(${restorePoints.bytesAdded})::float8`,
        })
        .from(restorePoints)
        .innerJoin(repositories, eq(repositories.id, restorePoints.repositoryId))
        .groupBy(sql`1`, sql`2`)
        .orderBy(sql`2`),
      ctx.db
        .select({
          id: restorePoints.id,
          time: restorePoints.time,
          asset: assets.name,
          bytesAdded: restorePoints.bytesAdded,
        })
        .from(restorePoints)
        .innerJoin(assets, eq(assets.id, restorePoints.assetId))
        .where(gte(restorePoints.time, new Date(now.getTime() - 30 * DAY)))
        .orderBy(desc(restorePoints.time))
        .limit(30),
    ]);
    const items = (await describeAssets(ctx.db, assetRows, now)).sort(
      (a, b) =>
        statusOrder[a.protection.status] - statusOrder[b.protection.status] || a.name.localeCompare(b.name),
    );
    const counts = { protected: 0, at_risk: 0, unprotected: 0 };
    for (const i of items) counts[i.protection.status]++;
    const nextRuns = policyList
      .filter((p) => p.nextRunAt)
      .sort((a, b) => (a.nextRunAt as Date).getTime() - (b.nextRunAt as Date).getTime())
      .slice(0, 5)
      .map((p) => ({
        id: p.id,
        name: p.name,
        at: p.nextRunAt as Date,
        timezone: p.timezone,
        assets: p.assets,
      }));
    return {
      counts,
      assets: items,
      recentJobs: recent.items,
      failures: failures.items,
      nextRuns,
      storage: storageSeries(
        storageRows,
        repoRows.map((r) => r.name),
      ),
      repositories: repoRows,
      bytesPerRun: runs.reverse().map((r) => ({ ...r, bytesAdded: Number(r.bytesAdded) })),
      setup: {
        assets: assetRows.length,
        policies: policyList.length,
        repositories: repoRows.length,
      },
    };
  },
);

/** Cumulative bytes added per repository, one row per day: [{ day, repoA: n, repoB: m }]. */
function storageSeries(rows: { repository: string; day: string; added: number }[], names: string[]) {
  const totals = Object.fromEntries(names.map((n) => [n, 0])) as Record<string, number>;
  const days = new Map<string, Record<string, number | string>>();
  for (const row of rows) {
    totals[row.repository] = (totals[row.repository] ?? 0) + Number(row.added);
    days.set(row.day, { day: row.day, ...totals });
  }
  return [...days.values()].slice(-60);
}

export type Overview = Awaited<ReturnType<typeof getOverview>>;
