// The inventory as the dashboard shows it: each asset with its policies, newest and newest
// verified restore point, last backup job, size and protection status. Pages are keyset-paged on
// the asset's name (unique), so a deep page costs what the first does.
import { and, asc, desc, eq, gt, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assetKinds, assets, jobs, policies, policyAssets, restorePoints } from "@/db/schema";
import { service } from "@/lib/auth/context";
import type { ServiceContext } from "./context";
import { type AssetRow, findAsset } from "./lookup";
import { parseInput } from "./parse-input";
import { type Protection, type ProtectionStatus, protectionOf } from "./protection";

export const protectionStatuses = ["protected", "at_risk", "unprotected"] as const;

const listInput = z
  .object({
    kind: z.enum(assetKinds).optional(),
    status: z.enum(protectionStatuses).optional(),
    /** Name of the last asset of the previous page. */
    after: z.string().min(1).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });

export interface InventoryItem {
  id: string;
  kind: AssetRow["kind"];
  name: string;
  /** Folder path or database name. */
  location: string;
  host: string | null;
  policies: { id: string; name: string; enabled: boolean }[];
  newestPointAt: Date | null;
  newestVerifiedAt: Date | null;
  /** Size of the newest restore point (what a restore brings back). */
  sizeBytes: number | null;
  lastBackup: { id: string; status: string; finishedAt: Date | null } | null;
  protection: Protection;
}

const date = (v: Date | string | null | undefined) => (v ? new Date(v) : null);

/** Everything the status of these assets depends on, in four queries whatever their number. */
export async function describeAssets(db: Db, rows: AssetRow[], now = new Date()): Promise<InventoryItem[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [links, points, lastJobs] = await Promise.all([
    db
      .select({
        assetId: policyAssets.assetId,
        id: policies.id,
        name: policies.name,
        enabled: policies.enabled,
        schedule: policies.schedule,
        timezone: policies.timezone,
        rpoHours: policies.rpoHours,
      })
      .from(policyAssets)
      .innerJoin(policies, eq(policies.id, policyAssets.policyId))
      .where(inArray(policyAssets.assetId, ids))
      .orderBy(asc(policies.name)),
    db
      .selectDistinctOn([restorePoints.assetId], {
        assetId: restorePoints.assetId,
        time: restorePoints.time,
        sizeBytes: restorePoints.sizeBytes,
        verified: sql<
          Date | string | null
        >`(select max(v.time) from restore_points v where v.asset_id = ${restorePoints.assetId} and v.verified_status = 'verified')`,
      })
      .from(restorePoints)
      .where(inArray(restorePoints.assetId, ids))
      .orderBy(restorePoints.assetId, desc(restorePoints.time)),
    db
      .selectDistinctOn([jobs.assetId], {
        assetId: jobs.assetId,
        id: jobs.id,
        status: jobs.status,
        finishedAt: jobs.finishedAt,
      })
      .from(jobs)
      .where(
        and(
          inArray(jobs.assetId, ids),
          eq(jobs.kind, "backup"),
          inArray(jobs.status, ["succeeded", "failed", "missed"]),
        ),
      )
      .orderBy(jobs.assetId, desc(jobs.finishedAt)),
  ]);
  return rows.map((row) => {
    const mine = links.filter((l) => l.assetId === row.id);
    const point = points.find((p) => p.assetId === row.id);
    const job = lastJobs.find((j) => j.assetId === row.id);
    const newestPointAt = date(point?.time);
    const lastBackup = job ? { id: job.id, status: job.status, finishedAt: date(job.finishedAt) } : null;
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      location: (row.kind === "directory" ? row.path : row.databaseName) ?? "",
      host: row.host ?? null,
      policies: mine.map(({ id, name, enabled }) => ({ id, name, enabled })),
      newestPointAt,
      newestVerifiedAt: date(point?.verified),
      sizeBytes: point ? Number(point.sizeBytes) : null,
      lastBackup,
      protection: protectionOf({ policies: mine, newestPointAt, lastBackup }, now),
    };
  });
}

export const listInventory = service(
  "viewer",
  async function listInventory(ctx: ServiceContext, input?: z.input<typeof listInput>) {
    const data = parseInput(listInput, input);
    const conditions: SQL[] = [];
    if (data.kind) conditions.push(eq(assets.kind, data.kind));
    if (data.after) conditions.push(gt(assets.name, data.after));
    const query = ctx.db
      .select()
      .from(assets)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(asc(assets.name));
    // A status is computed, not stored: with a status filter the rest of the list is described and
    // filtered (inventories are hundreds of assets, not millions); without, one page is fetched.
    const rows = data.status ? await query : await query.limit(data.limit + 1);
    let items = await describeAssets(ctx.db, rows);
    if (data.status) items = items.filter((i) => i.protection.status === data.status);
    const page = items.slice(0, data.limit);
    return { items: page, nextAfter: items.length > data.limit ? (page.at(-1)?.name ?? null) : null };
  },
);

/** Counts per protection status over all assets (the overview's headline). */
export const protectionCounts = service(
  "viewer",
  async function protectionCounts(ctx: ServiceContext): Promise<Record<ProtectionStatus, number>> {
    const items = await describeAssets(ctx.db, await ctx.db.select().from(assets));
    const counts: Record<ProtectionStatus, number> = { protected: 0, at_risk: 0, unprotected: 0 };
    for (const i of items) counts[i.protection.status]++;
    return counts;
  },
);

/** One asset for its page: what the inventory shows, plus its excludes and restore point count. */
export const getInventoryItem = service(
  "viewer",
  async function getInventoryItem(ctx: ServiceContext, ref: string) {
    const row = await findAsset(ctx.db, parseInput(z.string().min(1, { message: "name an asset" }), ref));
    const [item] = await describeAssets(ctx.db, [row]);
    const [counted] = await ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(restorePoints)
      .where(eq(restorePoints.assetId, row.id));
    return { ...(item as InventoryItem), excludes: row.excludes, restorePoints: Number(counted?.n ?? 0) };
  },
);
