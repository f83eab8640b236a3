// Shared by the repositories, assets and policies tests: actors of each role, a test secret box,
// and row counts of every table a configuration change may touch ("bad input changes nothing").
import { count } from "drizzle-orm";
import { assets, auditEvents, policies, policyAssets, repositories } from "@/db/schema";
import { createTestPglite, createTestPostgres, type TestDatabase } from "@/db/testing";
import type { Actor, Role } from "@/lib/auth/roles";
import { testActor, testContext } from "@/lib/auth/testing";
import { createSecretBox } from "@/lib/secrets";
import { skipWithoutPostgres } from "@/test-support/external";
import type { ServiceContext } from "./context";

export const noPostgres = await skipWithoutPostgres();
export const databaseKinds = [
  { name: "pglite", create: createTestPglite, skip: false },
  { name: "postgres", create: createTestPostgres, skip: noPostgres },
];

export const testSecrets = createSecretBox("test-secret-".repeat(4));

export function actor(role: Role): Actor {
  return testActor(role);
}

export function contextFor(t: TestDatabase, role: Role = "admin"): ServiceContext {
  return testContext(t.db, role, testSecrets);
}

export async function tableCounts(t: TestDatabase) {
  const n = async (
    table: typeof assets | typeof policies | typeof policyAssets | typeof repositories | typeof auditEvents,
  ) => {
    const [row] = await t.db.select({ n: count() }).from(table);
    return Number(row?.n ?? 0);
  };
  return {
    repositories: await n(repositories),
    assets: await n(assets),
    policies: await n(policies),
    policyAssets: await n(policyAssets),
    auditEvents: await n(auditEvents),
  };
}
