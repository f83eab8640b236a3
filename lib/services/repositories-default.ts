// The embedded shape needs no repository setup: the first policy created without one gets a local
// repository in the data folder, with a random password that only Lifeboat knows (stored
// encrypted, like every repository password).
import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { recordAudit } from "@/db/records/audit";
import { repositories } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { LocalBackend, Repository } from "@/lib/engine";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { type ServiceContext, secretsOf } from "./context";
import type { RepositoryRow } from "./lookup";
import { defaultRepository } from "./repositories";

/** Any number held by no other advisory lock in Lifeboat: one creator of the default at a time. */
const DEFAULT_REPOSITORY_LOCK = 7302017;

/**
 * The repository a policy uses when none is named: the default (or the only) one; when none
 * exists at all, a new local one at `<data dir>/repo`. Refuses when several exist and none is
 * the default, because guessing would put backups somewhere the user did not choose.
 */
export const ensureDefaultRepository = service(
  "admin",
  async function ensureDefaultRepository(
    ctx: ServiceContext,
    options: { dataDir?: string } = {},
  ): Promise<RepositoryRow> {
    const existing = await defaultRepository(ctx.db);
    if (existing) return existing;
    return ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${DEFAULT_REPOSITORY_LOCK})`);
      const raced = await defaultRepository(tx);
      if (raced) return raced;
      const [any] = await tx.select({ id: repositories.id }).from(repositories).limit(1);
      if (any) {
        throw new AppError(
          "invalid_input",
          "several repositories exist and none is the default: name one with --repository, or set a default",
        );
      }
      const dataDir = options.dataDir ?? env().LIFEBOAT_DATA_DIR;
      const folder = await freeFolder(path.join(path.resolve(dataDir), "repo"));
      const password = randomBytes(32).toString("base64url");
      await Repository.init(new LocalBackend(folder), password);
      const [row] = await tx
        .insert(repositories)
        .values({
          name: "default",
          url: folder,
          passwordEncrypted: secretsOf(ctx).encrypt(password),
          isDefault: true,
        })
        .returning();
      const created = row as RepositoryRow;
      await recordAudit(tx, ctx.actor, "repository.create", created.id, {
        name: created.name,
        url: created.url,
        initialized: true,
        isDefault: true,
        generatedPassword: true,
      });
      return created;
    });
  },
);

/** `<data dir>/repo`, or `repo-<n>` when a repository Lifeboat no longer knows is already there. */
async function freeFolder(base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const config = await stat(path.join(candidate, "config")).catch(() => null);
    if (!config) return candidate;
  }
}
