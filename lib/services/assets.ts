// Assets: what is protected, a directory or a PostgreSQL database. Adding one proves it can be
// reached from here first (the folder exists and is readable; the database accepts a connection),
// so a typo is refused with the reason instead of failing at 2 a.m. The connection URL is a secret
// (stored encrypted, never returned); the database's name is kept in clear for display and search.
import os from "node:os";
import path from "node:path";
import { and, asc, eq, inArray, max, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/db/records/audit";
import { assets, jobs, policies, policyAssets, restorePoints } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { probeDatabase, probeDirectory } from "@/lib/sources/probe";
import { type ServiceContext, secretsOf } from "./context";
import { type AssetRow, findAsset } from "./lookup";
import { parseInput } from "./parse-input";
import { isUniqueViolation } from "./repositories";

const name = z
  .string()
  .trim()
  .min(1, { message: "an asset needs a name" })
  .max(100)
  .regex(/^[^,]+$/, { message: "use a name without commas (policies list assets separated by commas)" });
const host = z.string().trim().min(1).max(253).optional();
const excludes = z.array(z.string().trim().min(1).max(1000)).max(1000);
const absolutePath = z
  .string()
  .trim()
  .min(1)
  .refine((p) => path.isAbsolute(p), { message: "must be an absolute path" })
  .transform((p) => path.resolve(p));
const databaseUrl = z
  .string()
  .trim()
  .refine((u) => /^postgres(ql)?:\/\/.+/.test(u) && URL.canParse(u), {
    message: "must be a PostgreSQL URL such as postgres://user:pass@host:5432/dbname",
  });

export const addAssetInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("directory"), name, path: absolutePath, excludes: excludes.default([]), host }),
  z.object({ kind: z.literal("postgres"), name, databaseUrl, host }),
]);
const updateAssetInput = z.object({
  asset: z.string().min(1),
  name: name.optional(),
  excludes: excludes.optional(),
});

export interface AssetSummary {
  id: string;
  kind: AssetRow["kind"];
  name: string;
  path: string | null;
  databaseName: string | null;
  host: string | null;
  excludes: string[];
  createdAt: Date;
}
export interface AssetWithProtection extends AssetSummary {
  policies: { id: string; name: string; enabled: boolean }[];
  newestRestorePointAt: Date | null;
  /** Time of the newest restore point a drill has verified. */
  newestVerifiedAt: Date | null;
}

function toSummary(row: AssetRow): AssetSummary {
  const { id, kind, name, path, databaseName, host, excludes, createdAt } = row;
  return { id, kind, name, path, databaseName, host: host ?? null, excludes, createdAt };
}

/** Only this machine's folders and databases can be checked here; another host's are taken on trust. */
function reachableFromHere(assetHost: string | undefined): boolean {
  return !assetHost || assetHost === os.hostname();
}

export const addAsset = service(
  "admin",
  async function addAsset(ctx: ServiceContext, input: z.input<typeof addAssetInput>): Promise<AssetSummary> {
    const data = parseInput(addAssetInput, input);
    await ensureNameFree(ctx, data.name);
    let values: typeof assets.$inferInsert;
    if (data.kind === "directory") {
      if (reachableFromHere(data.host)) {
        await probeDirectory(data.path).catch((error: Error) => {
          throw new AppError("invalid_input", `cannot protect the folder: ${error.message}`);
        });
      }
      values = {
        kind: "directory",
        name: data.name,
        path: data.path,
        excludes: data.excludes,
        host: data.host,
      };
    } else {
      const databaseName = decodeURIComponent(new URL(data.databaseUrl).pathname.replace(/^\//, ""));
      if (!databaseName)
        throw new AppError("invalid_input", "databaseUrl: name the database at the end of the URL");
      if (reachableFromHere(data.host)) {
        // The probe's message names host and database, never the password.
        await probeDatabase(data.databaseUrl).catch((error: Error) => {
          throw new AppError("invalid_input", error.message);
        });
      }
      values = {
        kind: "postgres",
        name: data.name,
        databaseUrlEncrypted: secretsOf(ctx).encrypt(data.databaseUrl),
        databaseName,
        host: data.host,
      };
    }
    return ctx.db.transaction(async (tx) => {
      const row = await tx
        .insert(assets)
        .values(values)
        .returning()
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw nameTaken(data.name);
          throw error;
        });
      const asset = row[0] as AssetRow;
      await recordAudit(tx, ctx.actor, "asset.create", asset.id, {
        name: asset.name,
        kind: asset.kind,
        path: asset.path,
        databaseName: asset.databaseName,
        host: asset.host,
      });
      return toSummary(asset);
    });
  },
);

const nameTaken = (n: string) => new AppError("conflict", `an asset called "${n}" already exists`);

async function ensureNameFree(ctx: ServiceContext, assetName: string) {
  const [taken] = await ctx.db.select({ id: assets.id }).from(assets).where(eq(assets.name, assetName));
  if (taken) throw nameTaken(assetName);
}

export const listAssets = service("viewer", async function listAssets(ctx: ServiceContext): Promise<
  AssetWithProtection[]
> {
  const rows = await ctx.db.select().from(assets).orderBy(asc(assets.name));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const links = await ctx.db
    .select({
      assetId: policyAssets.assetId,
      id: policies.id,
      name: policies.name,
      enabled: policies.enabled,
    })
    .from(policyAssets)
    .innerJoin(policies, eq(policies.id, policyAssets.policyId))
    .where(inArray(policyAssets.assetId, ids))
    .orderBy(asc(policies.name));
  const points = await ctx.db
    .select({
      assetId: restorePoints.assetId,
      newest: max(restorePoints.time),
      verified: sql<
        Date | string | null
      >`max(${restorePoints.time}) filter (where ${restorePoints.verifiedStatus} = 'verified')`,
    })
    .from(restorePoints)
    .where(inArray(restorePoints.assetId, ids))
    .groupBy(restorePoints.assetId);
  return rows.map((row) => {
    const p = points.find((x) => x.assetId === row.id);
    return {
      ...toSummary(row),
      policies: links
        .filter((l) => l.assetId === row.id)
        .map(({ id, name, enabled }) => ({ id, name, enabled })),
      newestRestorePointAt: p?.newest ? new Date(p.newest) : null,
      newestVerifiedAt: p?.verified ? new Date(p.verified) : null,
    };
  });
});

export const removeAsset = service(
  "admin",
  async function removeAsset(ctx: ServiceContext, ref: string): Promise<AssetSummary> {
    return ctx.db.transaction(async (tx) => {
      const asset = await findAsset(tx, ref);
      const [active] = await tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(eq(jobs.assetId, asset.id), inArray(jobs.status, ["queued", "running"])))
        .limit(1);
      if (active) {
        throw new AppError(
          "conflict",
          `"${asset.name}" has a queued or running job; cancel it or wait for it first`,
        );
      }
      const usedBy = await tx
        .select({ name: policies.name })
        .from(policyAssets)
        .innerJoin(policies, eq(policies.id, policyAssets.policyId))
        .where(eq(policyAssets.assetId, asset.id));
      // Its restore points leave the catalog with it; their data stays in the repository.
      await tx.delete(assets).where(eq(assets.id, asset.id));
      await recordAudit(tx, ctx.actor, "asset.delete", asset.id, {
        name: asset.name,
        kind: asset.kind,
        policies: usedBy.map((p) => p.name),
      });
      return toSummary(asset);
    });
  },
);

/** Renames an asset or changes its exclude patterns. */
export const updateAsset = service(
  "admin",
  async function updateAsset(
    ctx: ServiceContext,
    input: z.input<typeof updateAssetInput>,
  ): Promise<AssetSummary> {
    const data = parseInput(updateAssetInput, input);
    return ctx.db.transaction(async (tx) => {
      const asset = await findAsset(tx, data.asset);
      if (data.excludes && asset.kind !== "directory") {
        throw new AppError("invalid_input", "excludes: only a directory asset has exclude patterns");
      }
      const changes: Partial<typeof assets.$inferInsert> = {};
      if (data.name !== undefined && data.name !== asset.name) changes.name = data.name;
      if (data.excludes !== undefined) changes.excludes = data.excludes;
      if (Object.keys(changes).length === 0) return toSummary(asset);
      const [row] = await tx
        .update(assets)
        .set(changes)
        .where(eq(assets.id, asset.id))
        .returning()
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw nameTaken(data.name ?? "");
          throw error;
        });
      await recordAudit(tx, ctx.actor, "asset.update", asset.id, { name: asset.name, ...changes });
      return toSummary(row as AssetRow);
    });
  },
);
