// The role table: every function exported by lib/services is found on disk and called with a
// context of each role. A service must declare its role (service("operator", …)) and refuse every
// weaker role before it looks at its input; a new export that declares none fails here unless it
// is a helper named below (one that takes no context, so it cannot act for anyone).
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { publicContext } from "@/lib/auth/context";
import { type Role, roles } from "@/lib/auth/roles";
import { testActor, testContext } from "@/lib/auth/testing";
import { testSecrets } from "./config.fixture";

const here = import.meta.dirname;

/** Exports that are not services: pure helpers and lookups over a Queryable (no actor, no change). */
const helpers: Record<string, string[]> = {
  "assistant-approvals.ts": ["roleForAction"],
  "diagnosis.ts": ["classifyFailure"],
  "context.ts": ["secretsOf"],
  "inventory.ts": ["describeAssets"],
  "job-views.ts": ["cursorOf"],
  "jobs.ts": ["checkRestoreTarget"],
  "keyset.ts": ["keysetCursorOf", "olderThan", "keysetPage"],
  "protection.ts": ["protectionOf"],
  "recovery-views.ts": ["findRecoveryPlan", "originOf"],
  "restore-point-views.ts": ["restorePointCursor"],
  "restore-point-diff.ts": ["previousPoint", "sameFile", "byName"],
  "restore-points.ts": ["openPoint", "release", "folderNodes", "toBrowseEntry"],
  "shared-reads.ts": ["sharedRead"],
  "repository-cache.ts": [
    "cachedTree",
    "cachedSnapshot",
    "cachedFindNode",
    "keepRepositoriesOpen",
    "openIndexedRepository",
    "releaseRepository",
    "forgetRepository",
  ],
  "lookup.ts": ["findAsset", "findJob", "findPolicy", "findRepository", "findRestorePoint"],
  "parse-input.ts": ["parseInput"],
  "policy-input.ts": ["cronProblem", "isTimeZone", "windowComplete"],
  "repositories.ts": ["toSummary", "normaliseRepositoryUrl", "isUniqueViolation", "defaultRepository"],
};
/** Services open to anonymous callers, as the security model names them. */
const expectedPublic = ["users.ts#setupRequired", "users.ts#createFirstAdmin"];

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

type Exported = ((...args: unknown[]) => Promise<unknown>) & { requiredRole?: Role | "public" };

const files = (await readdir(here))
  .filter((f) => f.endsWith(".ts") && !/\.(test|fixture)\.ts$/.test(f))
  .sort();

const table: { key: string; fn: Exported }[] = [];
for (const file of files) {
  const mod = (await import(path.join(here, file))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value !== "function") continue;
    if (helpers[file]?.includes(name)) continue;
    table.push({ key: `${file}#${name}`, fn: value as Exported });
  }
}

let t: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  t = await createTestPglite();
  // ensureDefaultRepository may create the default repository: in a temp folder, not ./.lifeboat.
  dataDir = t.location.dataDir as string;
  process.env.LIFEBOAT_DATA_DIR = dataDir;
});
afterAll(async () => {
  await t?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).name ?? "error";
  }
}

describe("every exported service declares its role", () => {
  it("finds the services on disk", () => {
    expect(files.length).toBeGreaterThan(5);
    expect(table.length).toBeGreaterThan(30);
  });

  it.each(table.map((row) => [row.key, row.fn] as const))("%s", async (key, fn) => {
    const needed = fn.requiredRole;
    expect(
      needed,
      `${key} must be declared with service(role, …) or publicService(…) (or, if it takes no context, listed as a helper in this test)`,
    ).toMatch(/^(viewer|operator|admin|public)$/);

    if (needed === "public") {
      expect(expectedPublic, `${key} is public but the security model does not name it`).toContain(key);
      // Anonymous callers come with a public context and nothing else.
      expect(await outcome(() => fn({ db: t.db, source: "ui" }))).toBe("unauthenticated");
      expect(await outcome(() => fn(publicContext(t.db, "ui"), {}))).not.toBe("unauthenticated");
      return;
    }

    // A hand-made context, even an admin's, is not one: only lib/auth/context.ts builds them.
    expect(await outcome(() => fn({ actor: testActor("admin"), db: t.db }))).toBe("unauthenticated");
    for (const role of roles) {
      const result = await outcome(() => fn(testContext(t.db, role, testSecrets), undefined));
      if (rank[role] < rank[needed as Role]) expect(result, `${key} as ${role}`).toBe("forbidden");
      else expect(result, `${key} as ${role}`).not.toMatch(/^(forbidden|unauthenticated)$/);
    }
  });
});
