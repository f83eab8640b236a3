// Repositories: where restore points are stored (a local folder or an S3 bucket). Adding one
// proves the password opens it (or creates it with init) before anything is stored; the password
// and S3 keys are kept encrypted and no read function ever returns them.
import path from "node:path";
import { asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { recordAudit } from "@/db/records/audit";
import { policies, repositories } from "@/db/schema";
import { service } from "@/lib/auth/context";
import {
  type Backend,
  type BackendCredentials,
  isEngineError,
  openBackend,
  parseRepositoryUrl,
  Repository,
} from "@/lib/engine";
import { AppError } from "@/lib/errors";
import { openRepositoryRow } from "@/lib/jobs/open-repository";
import { type ServiceContext, secretsOf } from "./context";
import { findRepository, type RepositoryRow } from "./lookup";
import { parseInput } from "./parse-input";

const name = z
  .string()
  .trim()
  .min(1, { message: "a repository needs a name" })
  .max(100)
  .regex(/^[^\s,]+$/, { message: "use a name without spaces or commas" });

const credentials = z.object({
  accessKeyId: z.string().trim().min(1),
  secretAccessKey: z.string().min(1),
  region: z.string().trim().min(1).optional(),
});

export const addRepositoryInput = z.object({
  name,
  url: z.string().trim().min(1, { message: "a repository needs a URL (a folder or s3:…)" }),
  password: z.string().min(1, { message: "a repository needs a password" }).max(1024),
  credentials: credentials.optional(),
  init: z.boolean().default(false),
  isDefault: z.boolean().optional(),
});

/** What anyone may see of a repository: never its password or keys. */
export const repositorySummaryColumns = {
  id: repositories.id,
  name: repositories.name,
  url: repositories.url,
  isDefault: repositories.isDefault,
  sizeBytes: repositories.sizeBytes,
  lastPrunedAt: repositories.lastPrunedAt,
  lastCheckedAt: repositories.lastCheckedAt,
  createdAt: repositories.createdAt,
};
export interface RepositorySummary {
  id: string;
  name: string;
  url: string;
  isDefault: boolean;
  sizeBytes: number | null;
  lastPrunedAt: Date | null;
  lastCheckedAt: Date | null;
  createdAt: Date;
}

export function toSummary(row: RepositoryRow): RepositorySummary {
  const { id, name, url, isDefault, sizeBytes, lastPrunedAt, lastCheckedAt, createdAt } = row;
  return { id, name, url, isDefault, sizeBytes, lastPrunedAt, lastCheckedAt, createdAt };
}

/** A local path is stored absolute: workers run from other folders than the command that added it. */
export function normaliseRepositoryUrl(url: string): string {
  let location: ReturnType<typeof parseRepositoryUrl>;
  try {
    location = parseRepositoryUrl(url);
  } catch (error) {
    throw new AppError("invalid_input", `url: ${(error as Error).message}`);
  }
  return location.kind === "local" ? path.resolve(location.path) : url;
}

function backendCredentials(input: z.output<typeof credentials> | undefined): BackendCredentials {
  return input ? { s3: { ...input } } : {};
}

export const addRepository = service(
  "admin",
  async function addRepository(
    ctx: ServiceContext,
    input: z.input<typeof addRepositoryInput>,
  ): Promise<RepositorySummary> {
    const data = parseInput(addRepositoryInput, input);
    const url = normaliseRepositoryUrl(data.url);
    await ensureNameFree(ctx.db, data.name);
    const creds = backendCredentials(data.credentials);
    await proveAccess(url, creds, data.password, data.init);

    const secrets = secretsOf(ctx);
    return ctx.db.transaction(async (tx) => {
      const [existing] = await tx.select({ n: count() }).from(repositories);
      const isDefault = data.isDefault ?? Number(existing?.n ?? 0) === 0;
      if (isDefault)
        await tx.update(repositories).set({ isDefault: false }).where(eq(repositories.isDefault, true));
      const row = await insertOrConflict(tx, {
        name: data.name,
        url,
        passwordEncrypted: secrets.encrypt(data.password),
        credentialsEncrypted: data.credentials ? secrets.encrypt(JSON.stringify(creds)) : null,
        isDefault,
      });
      await recordAudit(tx, ctx.actor, "repository.create", row.id, {
        name: row.name,
        url: row.url,
        initialized: data.init,
        isDefault,
      });
      return toSummary(row);
    });
  },
);

/** Opens (or with init, creates) the repository; every failure becomes one sentence for the user. */
async function proveAccess(url: string, creds: BackendCredentials, password: string, init: boolean) {
  let backend: Backend | undefined;
  try {
    backend = openBackend(url, creds);
    if (init) await Repository.init(backend, password);
    else await Repository.open(backend, password);
  } catch (error) {
    throw accessError(error, url);
  } finally {
    if (backend) release(backend);
  }
}

/** An S3 backend holds HTTP connections that would keep a short CLI run alive. */
function release(backend: Backend) {
  (backend as { close?: () => void }).close?.();
}

function accessError(error: unknown, url: string): AppError {
  if (error instanceof AppError) return error;
  if (isEngineError(error, "wrong_password")) {
    return new AppError("invalid_input", `wrong password for the repository at ${url}`);
  }
  if (isEngineError(error, "not_found")) {
    return new AppError("invalid_input", `no repository there; pass --init to create one (at ${url})`);
  }
  if (isEngineError(error, "already_exists")) {
    return new AppError("conflict", `a repository already exists at ${url}; add it without --init`);
  }
  if (isEngineError(error, "invalid_argument") || isEngineError(error, "unsupported")) {
    return new AppError("invalid_input", (error as Error).message);
  }
  const reason = (error as Error)?.message ?? String(error);
  return new AppError("unavailable", `cannot use the repository at ${url}: ${reason}`);
}

async function ensureNameFree(db: Queryable, repoName: string) {
  const [taken] = await db
    .select({ id: repositories.id })
    .from(repositories)
    .where(eq(repositories.name, repoName));
  if (taken) throw new AppError("conflict", `a repository called "${repoName}" already exists`);
}

async function insertOrConflict(
  tx: Queryable,
  values: typeof repositories.$inferInsert,
): Promise<RepositoryRow> {
  try {
    const [row] = await tx.insert(repositories).values(values).returning();
    return row as RepositoryRow;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", `a repository called "${values.name}" already exists`);
    }
    throw error;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code === "23505" || e?.cause?.code === "23505";
}

export const listRepositories = service(
  "viewer",
  async function listRepositories(ctx: ServiceContext): Promise<RepositorySummary[]> {
    return ctx.db.select(repositorySummaryColumns).from(repositories).orderBy(asc(repositories.name));
  },
);

export interface AccessResult {
  ok: boolean;
  name: string;
  url: string;
  /** Snapshots in the repository when it opened. */
  snapshots?: number;
  error?: string;
}

/** Opens the repository with its stored password and keys; reports, never throws, on failure. */
export const testRepositoryAccess = service(
  "viewer",
  async function testRepositoryAccess(ctx: ServiceContext, ref: string): Promise<AccessResult> {
    const row = await findRepository(ctx.db, ref);
    let repo: Repository | undefined;
    try {
      repo = await openRepositoryRow(row, secretsOf(ctx));
      let snapshots = 0;
      for await (const _ of repo.backend.list("snapshots")) snapshots++;
      return { ok: true, name: row.name, url: row.url, snapshots };
    } catch (error) {
      return { ok: false, name: row.name, url: row.url, error: accessError(error, row.url).message };
    } finally {
      if (repo) release(repo.backend);
    }
  },
);

export const removeRepository = service(
  "admin",
  async function removeRepository(ctx: ServiceContext, ref: string): Promise<RepositorySummary> {
    return ctx.db.transaction(async (tx) => {
      const row = await findRepository(tx, ref);
      const users = await tx
        .select({ name: policies.name })
        .from(policies)
        .where(eq(policies.repositoryId, row.id));
      if (users.length > 0) {
        const names = users.map((p) => p.name).join(", ");
        throw new AppError(
          "conflict",
          `the repository "${row.name}" is used by policies ${names}; move or delete them first`,
        );
      }
      // The data stays where it is: only Lifeboat's record of it (and its restore points) goes.
      await tx.delete(repositories).where(eq(repositories.id, row.id));
      await recordAudit(tx, ctx.actor, "repository.delete", row.id, { name: row.name, url: row.url });
      return toSummary(row);
    });
  },
);

export const setDefaultRepository = service(
  "admin",
  async function setDefaultRepository(ctx: ServiceContext, ref: string): Promise<RepositorySummary> {
    return ctx.db.transaction(async (tx) => {
      const row = await findRepository(tx, ref);
      // Unset first: the partial unique index allows one default at any instant.
      await tx.update(repositories).set({ isDefault: false }).where(eq(repositories.isDefault, true));
      await tx.update(repositories).set({ isDefault: true }).where(eq(repositories.id, row.id));
      await recordAudit(tx, ctx.actor, "repository.default", row.id, { name: row.name });
      return { ...toSummary(row), isDefault: true };
    });
  },
);

/** The default repository, else the only one; null when there is none or the choice is unclear. */
export async function defaultRepository(db: Queryable): Promise<RepositoryRow | null> {
  const rows = await db
    .select()
    .from(repositories)
    .orderBy(sql`${repositories.isDefault} desc`, asc(repositories.createdAt))
    .limit(2);
  if (rows[0]?.isDefault) return rows[0];
  return rows.length === 1 ? (rows[0] ?? null) : null;
}
