// What several job kinds need: the job's asset, policy and repository rows (a missing one is a
// permanent failure: retrying cannot bring it back), the asset as a source, and the repository's
// size from its pack listing.
import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import type { AuditActor } from "@/db/records/audit";
import { recordRepositorySize as storeRepositorySize } from "@/db/records/repositories";
import { assets, policies, repositories } from "@/db/schema";
import type { Repository } from "@/lib/engine";
import type { SecretBox } from "@/lib/secrets";
import type { Source } from "@/lib/sources/types";
import { type JobRunContext, PermanentJobError } from "../types";

export type AssetRow = typeof assets.$inferSelect;
export type PolicyRow = typeof policies.$inferSelect;
export type RepositoryRow = typeof repositories.$inferSelect;

export async function loadAsset(db: Queryable, id: string | null): Promise<AssetRow> {
  if (!id) throw new PermanentJobError("the job names no asset");
  const [row] = await db.select().from(assets).where(eq(assets.id, id));
  if (!row) throw new PermanentJobError(`asset ${id} does not exist (any more)`);
  return row;
}

export async function loadPolicy(db: Queryable, id: string | null): Promise<PolicyRow | null> {
  if (!id) return null;
  const [row] = await db.select().from(policies).where(eq(policies.id, id));
  if (!row) throw new PermanentJobError(`policy ${id} does not exist (any more)`);
  return row;
}

/** The repository by id, or the default one when no id is given (a manual run without a policy). */
export async function loadRepository(db: Queryable, id: string | null | undefined): Promise<RepositoryRow> {
  const [row] = await db
    .select()
    .from(repositories)
    .where(id ? eq(repositories.id, id) : eq(repositories.isDefault, true));
  if (!row) {
    throw new PermanentJobError(
      id ? `repository ${id} does not exist (any more)` : "no default repository is set",
    );
  }
  return row;
}

/** The asset as the sources see it; the database URL is decrypted only here, never logged. */
export function sourceOf(asset: AssetRow, secrets: SecretBox): Source {
  if (asset.kind === "directory") {
    if (!asset.path) throw new PermanentJobError(`asset ${asset.name} has no path`);
    return { kind: "directory", path: asset.path, excludes: asset.excludes ?? [] };
  }
  if (!asset.databaseUrlEncrypted) throw new PermanentJobError(`asset ${asset.name} has no database URL`);
  const databaseUrl = secrets.decrypt(asset.databaseUrlEncrypted);
  const databaseName = asset.databaseName ?? (new URL(databaseUrl).pathname.slice(1) || asset.name);
  return { kind: "postgres", databaseUrl, databaseName };
}

/** Sum of pack sizes plus the small files: one listing, no reads. */
export async function repositorySize(repo: Repository): Promise<number> {
  let total = 0;
  for (const type of ["data", "index", "snapshots", "keys"] as const) {
    for await (const f of repo.backend.list(type)) total += f.size;
  }
  return total;
}

export async function recordRepositorySize(
  db: Queryable,
  repo: Repository,
  repositoryId: string,
  ctx: JobRunContext,
) {
  try {
    await storeRepositorySize(db, repositoryId, await repositorySize(repo));
  } catch (err) {
    // The size is for the dashboard; a failed listing must not fail the job that already succeeded.
    ctx.log(`could not measure the repository's size: ${(err as Error).message}`);
  }
}

/**
 * Who an audit row of a job names: the user who asked for it (or nobody, for a scheduled run),
 * the source it came from, and the worker that did it.
 */
export function jobActor(ctx: JobRunContext): AuditActor {
  return { id: ctx.job.requestedBy, email: `worker@${ctx.hostname}`, source: ctx.job.source };
}

/** Parses the job's params with the kind's schema; bad params cannot get better on a retry. */
export function parseParams<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { message: string } };
  },
  params: unknown,
): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new PermanentJobError(`invalid job parameters: ${parsed.error.message}`);
  return parsed.data;
}
