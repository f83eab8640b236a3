// Contexts for tests: an actor of any role on a test database. Production code never imports
// this file (lib/layers.test.ts fails if it does); it is the tests' builder, as cliContext is the
// CLI's.
import type { Db } from "@/db/client";
import type { SecretBox } from "@/lib/secrets";
import { mintForTests, type ServiceContext } from "./context";
import type { Actor, Role } from "./roles";

export function testActor(role: Role, overrides: Partial<Actor> = {}): Actor {
  return { id: null, email: `${role}@example.com`, role, source: "ui", ...overrides };
}

/** A context of `role` (or of the given actor) on `db`. */
export function testContext(db: Db, role: Role | Actor = "admin", secrets?: SecretBox): ServiceContext {
  const actor = typeof role === "string" ? testActor(role) : role;
  return mintForTests(actor, db, secrets);
}
