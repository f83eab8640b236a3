// Finding things the way people name them: an asset by name, path or database name; a policy or
// repository by name (or id); a restore point or job by its ID or a unique prefix of 8+ characters.
// Services, assistant tools and the CLI all resolve references here.
import { eq, like, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { assets, jobs, policies, repositories, restorePoints } from "@/db/schema";
import { AppError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AssetRow = typeof assets.$inferSelect;
export type PolicyRow = typeof policies.$inferSelect;
export type RepositoryRow = typeof repositories.$inferSelect;
export type RestorePointRow = typeof restorePoints.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;

export async function findAsset(db: Queryable, ref: string): Promise<AssetRow> {
  const text = ref.trim();
  const byId = UUID.test(text) ? [eq(assets.id, text)] : [];
  const rows = await db
    .select()
    .from(assets)
    .where(or(...byId, eq(assets.name, text), eq(assets.path, text), eq(assets.databaseName, text)));
  // A name wins over a path or database name that happens to be spelled the same.
  const exact = rows.find((r) => r.id === text || r.name === text);
  if (exact) return exact;
  if (rows.length === 1 && rows[0]) return rows[0];
  if (rows.length > 1) {
    throw new AppError(
      "conflict",
      `"${text}" matches several assets (${rows.map((r) => r.name).join(", ")}); use the name.`,
    );
  }
  throw new AppError("not_found:asset", `No asset is called "${text}" (by name, path or database name).`);
}

export async function findPolicy(db: Queryable, ref: string): Promise<PolicyRow> {
  const text = ref.trim();
  const byId = UUID.test(text) ? [eq(policies.id, text)] : [];
  const [row] = await db
    .select()
    .from(policies)
    .where(or(...byId, eq(policies.name, text)));
  if (!row) throw new AppError("not_found:policy", `No policy is called "${text}".`);
  return row;
}

export async function findRepository(db: Queryable, ref: string): Promise<RepositoryRow> {
  const text = ref.trim();
  const byId = UUID.test(text) ? [eq(repositories.id, text)] : [];
  const [row] = await db
    .select()
    .from(repositories)
    .where(or(...byId, eq(repositories.name, text)));
  if (!row) throw new AppError("not_found:repository", `No repository is called "${text}".`);
  return row;
}

/** Hexadecimal digits (and a UUID's dashes): 8 or more, as restic accepts snapshot IDs. */
const ID_PREFIX = /^[0-9a-f][0-9a-f-]{7,63}$/;

/**
 * A restore point by its id or its snapshot's id, whole or as a unique prefix of 8 or more
 * characters (what `point list` prints in either column works).
 */
export async function findRestorePoint(db: Queryable, ref: string): Promise<RestorePointRow> {
  const text = ref.trim().toLowerCase();
  if (UUID.test(text)) {
    const [row] = await db.select().from(restorePoints).where(eq(restorePoints.id, text));
    if (row) return row;
  }
  if (ID_PREFIX.test(text)) {
    const rows = await db
      .select()
      .from(restorePoints)
      .where(
        or(sql`${restorePoints.id}::text like ${`${text}%`}`, like(restorePoints.snapshotId, `${text}%`)),
      )
      .limit(2);
    if (rows.length === 1 && rows[0]) return rows[0];
    if (rows.length > 1)
      throw new AppError("conflict", `"${ref}" matches several restore points; give more characters.`);
  }
  const hint = text.length < 8 ? " (give at least 8 characters of its ID)" : "";
  throw new AppError("not_found:restore_point", `No restore point "${ref}"${hint}.`);
}

/** A job by its id, whole or as a unique prefix of 8 or more characters. */
export async function findJob(db: Queryable, ref: string): Promise<JobRow> {
  const text = ref.trim().toLowerCase();
  if (!ID_PREFIX.test(text)) {
    throw new AppError(
      "invalid_input",
      "a job ID is hexadecimal: give it whole or at least its first 8 characters",
    );
  }
  const rows = UUID.test(text)
    ? await db.select().from(jobs).where(eq(jobs.id, text))
    : await db
        .select()
        .from(jobs)
        .where(sql`${jobs.id}::text like ${`${text}%`}`)
        .limit(2);
  if (rows.length === 1 && rows[0]) return rows[0];
  if (rows.length > 1) throw new AppError("conflict", `"${ref}" matches several jobs; give more characters.`);
  throw new AppError("not_found:job", `No job ${ref}.`);
}
