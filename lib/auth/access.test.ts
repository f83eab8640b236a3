// The security table: every route handler, server action and page is found on disk, so a new
// one cannot be forgotten, and each must refuse an anonymous caller and a too-weak role.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "./roles";
import { roleBelow } from "./roles";

let currentHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => currentHeaders }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const root = path.resolve(import.meta.dirname, "../..");
const PASSWORD = "security-table-password";

/** Entries open to anonymous callers by design (DESIGN.md, security model). */
const publicRoutes = new Set(["app/api/health/route.ts", "app/api/auth/[...all]/route.ts"]);
const publicActions: Record<string, { expectWhenUsersExist: string }> = {
  "app/setup/actions.ts#setupFirstAdmin": { expectWhenUsersExist: "conflict" },
};
const publicPages = new Set(["/sign-in", "/setup"]);

/**
 * The role each dashboard entry must declare (DESIGN.md, roles): reading is for viewers, running,
 * cancelling, retrying and checking for operators, changing configuration for admins. A wrapper
 * declared with a weaker role would pass the generic checks below; this table catches it.
 */
const expectedRoles: Record<string, Role> = {
  "app/api/jobs/events/route.ts#GET": "viewer",
  "app/api/jobs/[id]/route.ts#GET": "viewer",
  // A download takes data out like a restore does: operators and up.
  "app/api/restore-points/[id]/file/route.ts#GET": "operator",
  "app/(dashboard)/recovery/actions.ts#declareIncidentAction": "operator",
  "app/(dashboard)/recovery/actions.ts#editRecoveryItemAction": "operator",
  "app/(dashboard)/recovery/actions.ts#startRecoveryAction": "operator",
  "app/api/restore-points/[id]/archive/route.ts#GET": "operator",
  // Names, sizes and times only: what the dashboard shows a viewer.
  "app/api/restore-points/route.ts#GET": "viewer",
  "app/api/restore-points/search/route.ts#GET": "viewer",
  "app/api/restore-points/[id]/folder/route.ts#GET": "viewer",
  "app/api/restore-points/[id]/changes/route.ts#GET": "viewer",
  "app/(dashboard)/restore-points/actions.ts#browseFolderAction": "viewer",
  "app/(dashboard)/restore-points/actions.ts#fileVersionsAction": "viewer",
  "app/(dashboard)/restore-points/actions.ts#diffFolderAction": "viewer",
  "app/(dashboard)/restore-points/actions.ts#startRestoreAction": "operator",
  "app/(dashboard)/restore-points/actions.ts#startVerifyAction": "operator",
  "app/(dashboard)/inventory/actions.ts#addAssetAction": "admin",
  "app/(dashboard)/inventory/actions.ts#updateAssetAction": "admin",
  "app/(dashboard)/inventory/actions.ts#removeAssetAction": "admin",
  "app/(dashboard)/inventory/actions.ts#runAssetNowAction": "operator",
  "app/(dashboard)/policies/actions.ts#createPolicyAction": "admin",
  "app/(dashboard)/policies/actions.ts#updatePolicyAction": "admin",
  "app/(dashboard)/policies/actions.ts#setPolicyEnabledAction": "admin",
  "app/(dashboard)/policies/actions.ts#deletePolicyAction": "admin",
  "app/(dashboard)/policies/actions.ts#runPolicyNowAction": "operator",
  "app/(dashboard)/policies/actions.ts#suggestPolicyAction": "viewer",
  "app/(dashboard)/jobs/actions.ts#cancelJobAction": "operator",
  "app/(dashboard)/jobs/actions.ts#retryJobAction": "operator",
  "app/(dashboard)/repositories/actions.ts#addRepositoryAction": "admin",
  "app/(dashboard)/repositories/actions.ts#setDefaultRepositoryAction": "admin",
  "app/(dashboard)/repositories/actions.ts#removeRepositoryAction": "admin",
  "app/(dashboard)/repositories/actions.ts#checkRepositoryAction": "operator",
  "app/(dashboard)/settings/webhooks/actions.ts#addWebhookAction": "admin",
  "app/(dashboard)/settings/webhooks/actions.ts#updateWebhookAction": "admin",
  "app/(dashboard)/settings/webhooks/actions.ts#removeWebhookAction": "admin",
  "app/(dashboard)/settings/webhooks/actions.ts#testWebhookAction": "admin",
  "app/(dashboard)/settings/webhooks/actions.ts#setReportScheduleAction": "admin",
  "app/api/reports/route.ts#GET": "viewer",
  // The learned examples are the organisation's own words about its inventory.
  "app/(dashboard)/settings/examples/actions.ts#deleteExampleAction": "admin",
  "app/(dashboard)/settings/assistant/actions.ts#setOfflineOnlyAction": "admin",
  "app/api/assistant/examples/route.ts#GET": "admin",
  // Any signed-in user rates answers in their own chats.
  "app/api/chats/[id]/rating/route.ts#POST": "viewer",
};
const declaredRoles = new Map<string, string | undefined>();

async function findFiles(dir: string, names: RegExp): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && names.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

type Guarded = ((...args: unknown[]) => Promise<unknown>) & { requiredRole?: Role | "public" };

async function exportsOf(file: string): Promise<[string, Guarded][]> {
  const mod = (await import(path.join(root, file))) as Record<string, unknown>;
  return Object.entries(mod).filter((e): e is [string, Guarded] => typeof e[1] === "function");
}

const sessions: Partial<Record<Role, Headers>> = {};
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-access-"));
  process.env.LIFEBOAT_DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  const { getDb } = await import("@/db");
  const { getAuth } = await import("./server");
  const { createFirstAdmin, createUser } = await import("@/lib/services/users");
  const { publicContext } = await import("@/lib/auth/context");
  const { testContext } = await import("@/lib/auth/testing");
  const db = await getDb();
  const admin = await createFirstAdmin(publicContext(db, "ui"), {
    email: "admin@example.com",
    password: PASSWORD,
  });
  const actor = { id: admin.id, email: admin.email, role: "admin" as const, source: "ui" as const };
  for (const role of ["viewer", "operator"] as const) {
    await createUser(testContext(db, actor), { email: `${role}@example.com`, password: PASSWORD, role });
  }
  const auth = await getAuth();
  for (const role of ["viewer", "operator", "admin"] as const) {
    const response = await auth.api.signInEmail({
      body: { email: `${role}@example.com`, password: PASSWORD },
      asResponse: true,
    });
    sessions[role] = new Headers({ cookie: String(response.headers.get("set-cookie")).split(";")[0] });
  }
});

afterAll(async () => {
  const { getDbHandle } = await import("@/db");
  await (await getDbHandle()).close();
  await rm(dataDir, { recursive: true, force: true });
});

function request(file: string, method: string, headers = new Headers()) {
  const url = `http://localhost:3000/${path.dirname(file).replace(/^app\//, "")}`;
  return new Request(url, {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : "{}",
  });
}

const routeFiles = await findFiles("app", /^route\.tsx?$/);
const actionFiles = await findFiles("app", /^actions\.tsx?$/);
const pageFiles = await findFiles("app", /^page\.tsx?$/);

describe("route handlers", () => {
  it("are found on disk", () => expect(routeFiles.length).toBeGreaterThan(0));

  describe.each(routeFiles)("%s", (file) => {
    it("refuses anonymous callers with 401 JSON and weaker roles with 403", async () => {
      const handlers = await exportsOf(file);
      expect(handlers.length).toBeGreaterThan(0);
      for (const [method, handler] of handlers) {
        if (publicRoutes.has(file)) continue;
        const needed = handler.requiredRole;
        declaredRoles.set(`${file}#${method}`, needed);
        expect(needed, `${file} ${method} must be wrapped in guardRoute`).toMatch(
          /^(viewer|operator|admin)$/,
        );
        const context = { params: Promise.resolve({}) };
        const anonymous = (await handler(request(file, method), context)) as Response;
        expect(anonymous.status).toBe(401);
        expect(await anonymous.json()).toMatchObject({ error: { code: "unauthenticated" } });
        const weaker = roleBelow(needed as Role);
        if (weaker) {
          const refused = (await handler(request(file, method, sessions[weaker]), context)) as Response;
          expect(refused.status).toBe(403);
          expect(await refused.json()).toMatchObject({ error: { code: "forbidden" } });
        }
        const allowed = (await handler(request(file, method, sessions[needed as Role]), context)) as Response;
        expect(allowed.status, `${file} ${method} as ${needed}`).not.toBe(401);
        expect(allowed.status).not.toBe(403);
      }
    });
  });
});

describe("server actions", () => {
  it("are found on disk", () => expect(actionFiles.length).toBeGreaterThan(0));

  describe.each(actionFiles)("%s", (file) => {
    it("refuse anonymous callers and weaker roles", async () => {
      for (const [name, action] of await exportsOf(file)) {
        const key = `${file}#${name}`;
        currentHeaders = new Headers();
        if (action.requiredRole === "public") {
          expect(publicActions[key], `${key} is public but not in the security table`).toBeDefined();
          const result = await action({ email: "intruder@example.com", password: PASSWORD });
          expect(result).toMatchObject({
            ok: false,
            error: { code: publicActions[key]?.expectWhenUsersExist },
          });
          continue;
        }
        const needed = action.requiredRole;
        declaredRoles.set(key, needed);
        expect(needed, `${key} must be wrapped in guardAction`).toMatch(/^(viewer|operator|admin)$/);
        expect(await action({})).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
        const weaker = roleBelow(needed as Role);
        if (weaker) {
          currentHeaders = sessions[weaker] as Headers;
          expect(await action({})).toMatchObject({ ok: false, error: { code: "forbidden" } });
        }
        // The right role gets past the gate (bad input is then the service's to refuse).
        currentHeaders = sessions[needed as Role] as Headers;
        const allowed = (await action({})) as { ok: boolean; error?: { code: string } };
        expect(allowed.error?.code ?? "ok").not.toMatch(/^(unauthenticated|forbidden)$/);
      }
    });
  });
});

describe("dashboard entries", () => {
  it.each(Object.entries(expectedRoles))("%s needs %s", (key, role) => {
    // Filled by the two tables above, which run first (files run their tests in order).
    expect(declaredRoles.has(key), `${key} was not found on disk`).toBe(true);
    expect(declaredRoles.get(key)).toBe(role);
  });
});

describe("pages", () => {
  const paths = pageFiles.map(
    (f) =>
      `/${path
        .dirname(f)
        .split("/")
        .slice(1)
        .filter((s) => !/^\(.*\)$/.test(s))
        .join("/")}`,
  );

  it.each(paths)("%s redirects an anonymous visitor to sign-in unless public", async (pagePath) => {
    const { proxy } = await import("@/proxy");
    const response = await proxy(new NextRequest(`http://localhost:3000${pagePath}`));
    if (publicPages.has(pagePath)) {
      expect(response.headers.get("location")).toBeNull();
    } else {
      expect(response.status).toBe(307);
      expect(new URL(response.headers.get("location") as string).pathname).toBe("/sign-in");
    }
  });

  it("answers an anonymous API request with 401 JSON", async () => {
    const { proxy } = await import("@/proxy");
    const response = await proxy(new NextRequest("http://localhost:3000/api/jobs"));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthenticated" } });
  });
});
