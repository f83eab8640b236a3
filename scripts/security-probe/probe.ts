// The security probe: runs against a production server (started by scripts/security-probe.ts,
// or Playwright's webServer through e2e/zz-security-probe.spec.ts) and tries what an attacker
// would: anonymous access to every route, weaker roles on every guarded route and action,
// forged origins and cookies, open redirects, traversal on the download route, rate-limit
// dodges and oversized bodies. Routes and actions are read from the build's manifests, so a new
// one is probed without editing this file. One line per probe, then "N passed, N failed".
//
// The server must run with LIFEBOAT_TRUSTED_PROXIES=127.0.0.2 and LIFEBOAT_METRICS_TOKEN set
// (see probeServerEnv): requests from 127.0.0.2 play a trusted proxy, those from 127.0.0.1 an
// ordinary client.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type HttpOptions, type HttpResult, request } from "./http";

export const PROBE_METRICS_TOKEN = "security-probe-metrics-token-0123456789";
export const probeServerEnv = {
  LIFEBOAT_TRUSTED_PROXIES: "127.0.0.2",
  LIFEBOAT_METRICS_TOKEN: PROBE_METRICS_TOKEN,
  // The browser specs sign in from 127.0.0.1 many times within a minute; the probe checks the
  // limit it is given, whatever it is.
  LIFEBOAT_SIGN_IN_LIMIT: "60",
};

type Role = "viewer" | "operator" | "admin";
const roles: Role[] = ["viewer", "operator", "admin"];
const weaker = (role: Role) => roles.slice(0, roles.indexOf(role));

export interface ProbeResult {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface ProbeOptions {
  /** e.g. http://127.0.0.1:3216 */
  baseURL: string;
  /** The project folder whose .next build the server runs. */
  root: string;
  /** An admin to sign in as; created through /setup when the server has no user yet. */
  admin: { email: string; password: string };
  log?: (line: string) => void;
}

class ProbeFailure extends Error {}
function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ProbeFailure(message);
}

interface Action {
  id: string;
  file: string;
  name: string;
  page: string;
  role: Role | "public" | null;
}

interface Route {
  path: string;
  file: string;
  kind: "page" | "route";
  methods: { method: string; role: Role | "public" | null }[];
}

/** Routes, pages and server actions as the build recorded them, with the role each declares. */
function readBuild(root: string): { routes: Route[]; actions: Action[] } {
  const server = path.join(root, ".next", "server");
  const appPaths = JSON.parse(readFileSync(path.join(server, "app-paths-manifest.json"), "utf8")) as Record<
    string,
    string
  >;
  const toUrl = (key: string) =>
    key
      .replace(/\/(page|route)$/, "")
      .split("/")
      .filter((s) => !/^\(.*\)$/.test(s))
      .join("/") || "/";
  const routes: Route[] = [];
  for (const key of Object.keys(appPaths)) {
    if (key.startsWith("/_")) continue;
    const kind = key.endsWith("/route") ? "route" : "page";
    const sourceFile = findSource(root, key, kind);
    const source = sourceFile ? readFileSync(path.join(root, sourceFile), "utf8") : "";
    const methods =
      kind === "page"
        ? [{ method: "GET", role: null }]
        : [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = (?:guardRoute\(\s*"(\w+)")?/g)]
            .map((m) => ({
              method: m[1] as string,
              role: ((m[2] as Role | undefined) ?? null) as Role | "public" | null,
            }))
            .concat(
              [...source.matchAll(/export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => ({
                method: m[1] as string,
                role: "public" as const,
              })),
            );
    routes.push({ path: toUrl(key), file: sourceFile ?? key, kind, methods });
  }
  const references = JSON.parse(
    readFileSync(path.join(server, "server-reference-manifest.json"), "utf8"),
  ) as {
    node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  };
  const actions = Object.entries(references.node).map(([id, entry]): Action => {
    const source = readFileSync(path.join(root, entry.filename), "utf8");
    const declared = new RegExp(
      `export const ${entry.exportedName} = (guardAction\\(\\s*"(\\w+)"|publicAction\\()`,
    ).exec(source);
    const role: Action["role"] = declared ? ((declared[2] as Role | undefined) ?? "public") : null;
    const worker = Object.keys(entry.workers)[0] ?? "";
    return {
      id,
      file: entry.filename,
      name: entry.exportedName,
      page: toUrl(`/${worker.replace(/^app\//, "")}`),
      role,
    };
  });
  return { routes, actions };
}

function findSource(root: string, key: string, kind: "page" | "route"): string | null {
  for (const ext of ["ts", "tsx"]) {
    const file = `app${key.replace(/\/(page|route)$/, "")}/${kind}.${ext}`;
    try {
      readFileSync(path.join(root, file));
      return file;
    } catch {}
  }
  return null;
}

/** Dynamic segments get a harmless value. */
const concrete = (p: string) => p.replace(/\[\.\.\.(\w+)\]/g, "x").replace(/\[(\w+)\]/g, "00000000");

export async function runProbes(options: ProbeOptions): Promise<ProbeResult[]> {
  const { baseURL, root } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const origin = new URL(baseURL).origin;
  const host = new URL(baseURL).host;
  // Every probe client gets its own address behind the trusted proxy, so the probe's own
  // sign-ins do not use up the per-address limit of 127.0.0.1 (only the dodge probe uses that).
  const clientId = randomBytes(2);
  let nextClient = 1;
  const newClient = () => `198.18.${clientId[0]}.${(clientId[1] as number) ^ (nextClient++ % 250)}`;
  const viaProxy = (client = newClient()) => ({ localAddress: "127.0.0.2", xff: client });

  async function call(
    pathName: string,
    opts: HttpOptions & { cookie?: string; client?: { localAddress: string; xff: string } } = {},
  ): Promise<HttpResult> {
    const client = opts.client ?? viaProxy();
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.cookie) headers.cookie = opts.cookie;
    if (client.xff) headers["x-forwarded-for"] ??= client.xff;
    return request(`${baseURL}${pathName}`, { ...opts, headers, localAddress: client.localAddress });
  }

  async function signIn(email: string, password: string, client = viaProxy()) {
    return call("/api/auth/sign-in/email", {
      method: "POST",
      client,
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ email, password }),
    });
  }
  const cookieOf = (res: HttpResult) =>
    res.setCookies
      .map((c) => c.split(";")[0])
      .filter((c) => c?.includes("session_token"))
      .join("; ");

  async function callAction(
    action: Action,
    args: unknown[],
    opts: { cookie?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
  ) {
    const res = await call(action.page, {
      method: "POST",
      cookie: opts.cookie,
      headers: {
        "next-action": action.id,
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin,
        ...opts.headers,
      },
      body: opts.body ?? JSON.stringify(args),
    });
    const code = /"ok":false,"error":\{"code":"([\w:]+)"/.exec(res.body)?.[1];
    const ok = /"ok":true/.test(res.body);
    return { res, code: ok ? "ok" : (code ?? `http ${res.status}`) };
  }

  const results: ProbeResult[] = [];
  async function probe(name: string, fn: () => Promise<void>) {
    try {
      await fn();
      results.push({ name, ok: true });
      log(`ok    ${name}`);
    } catch (error) {
      const detail = error instanceof ProbeFailure ? error.message : String((error as Error)?.stack ?? error);
      results.push({ name, ok: false, detail });
      log(`FAIL  ${name}: ${detail}`);
    }
  }

  // --- Setup: an admin (first run or given), then a viewer and an operator. -------------------
  const build = readBuild(root);
  const setup = build.actions.find((a) => a.role === "public" && a.file.startsWith("app/setup/"));
  if (setup) await callAction(setup, [{ email: options.admin.email, password: options.admin.password }]);
  const sessions: Partial<Record<Role | "anonymous", string>> = {};
  const adminSignIn = await signIn(options.admin.email, options.admin.password);
  if (adminSignIn.status !== 200)
    throw new Error(`the probe cannot sign in as its admin: ${adminSignIn.status} ${adminSignIn.body}`);
  sessions.admin = cookieOf(adminSignIn);
  const createUser = build.actions.find((a) => a.name === "createUserAction");
  const password = `probe-${randomBytes(8).toString("hex")}`;
  const tag = randomBytes(4).toString("hex");
  for (const role of ["viewer", "operator"] as const) {
    const email = `probe-${role}-${tag}@example.com`;
    if (!createUser) throw new Error("no createUserAction in the build");
    const created = await callAction(createUser, [{ email, role, password }], { cookie: sessions.admin });
    if (created.code !== "ok") throw new Error(`cannot create the ${role}: ${created.code}`);
    const res = await signIn(email, password);
    sessions[role] = cookieOf(res);
  }
  const viewerEmail = `probe-viewer-${tag}@example.com`;

  // --- Anonymous access ------------------------------------------------------------------------
  const openPages = new Set(["/sign-in", "/setup"]);
  const openRoutes = new Set(["/api/health", "/api/auth/[...all]"]);
  for (const route of build.routes) {
    if (route.kind === "page") {
      if (openPages.has(route.path)) continue;
      await probe(`anonymous GET ${route.path} is sent to sign-in`, async () => {
        const res = await call(concrete(route.path));
        expect(res.status === 307 || res.status === 303, `answered ${res.status}`);
        expect(
          new URL(String(res.headers.location), baseURL).pathname === "/sign-in",
          `redirected to ${res.headers.location}`,
        );
      });
      await probe(`forged session cookie on ${route.path} is sent to sign-in`, async () => {
        const res = await call(concrete(route.path), { cookie: "better-auth.session_token=forged.forged" });
        expect(res.status >= 300 && res.status < 400, `answered ${res.status}`);
        expect(String(res.headers.location).includes("/sign-in"), `redirected to ${res.headers.location}`);
      });
      continue;
    }
    if (openRoutes.has(route.path)) continue;
    for (const { method } of route.methods) {
      await probe(`anonymous ${method} ${route.path} is 401`, async () => {
        const res = await call(concrete(route.path), { method, body: method === "GET" ? undefined : "{}" });
        expect(res.status === 401, `answered ${res.status}`);
      });
      await probe(`forged session cookie on ${method} ${route.path} is 401`, async () => {
        const res = await call(concrete(route.path), {
          method,
          cookie: "better-auth.session_token=forged.forged",
          body: method === "GET" ? undefined : "{}",
        });
        expect(res.status === 401, `answered ${res.status}`);
      });
    }
  }
  await probe("public sign-up is refused", async () => {
    const res = await call("/api/auth/sign-up/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({
        email: `intruder-${tag}@example.com`,
        password: "intruder-password",
        name: "x",
      }),
    });
    expect(res.status >= 400 && res.status < 500, `answered ${res.status}`);
    const again = await signIn(`intruder-${tag}@example.com`, "intruder-password");
    expect(again.status === 401, `the intruder could sign in (${again.status})`);
  });

  // --- Weaker roles on every guarded route and action ------------------------------------------
  for (const route of build.routes.filter((r) => r.kind === "route")) {
    for (const { method, role } of route.methods) {
      if (role === "public" || openRoutes.has(route.path) || route.path === "/api/metrics") continue;
      await probe(`${method} ${route.path} declares its role`, async () => {
        expect(role !== null, `${route.file} ${method} is not wrapped in guardRoute("role", …)`);
      });
      if (!role) continue;
      for (const below of weaker(role)) {
        await probe(`${below} on ${method} ${route.path} (needs ${role}) is 403`, async () => {
          const res = await call(concrete(route.path), {
            method,
            cookie: sessions[below],
            body: method === "GET" ? undefined : "{}",
          });
          expect(res.status === 403, `answered ${res.status}`);
        });
      }
    }
  }
  for (const action of build.actions) {
    const label = `${action.file}#${action.name}`;
    if (action.role === "public") {
      await probe(`public action ${label} refuses once set up`, async () => {
        const { code } = await callAction(action, [
          { email: `late-${tag}@example.com`, password: "late-admin-password" },
        ]);
        expect(code === "conflict", `answered ${code}`);
      });
      continue;
    }
    await probe(`action ${label} declares its role`, async () => {
      expect(action.role !== null, 'not wrapped in guardAction("role", …)');
    });
    await probe(`anonymous action ${label} is refused`, async () => {
      const { res, code } = await callAction(action, [{}]);
      expect(
        code === "unauthenticated" || (res.status >= 300 && res.status < 400) || res.status === 401,
        `answered ${code}`,
      );
    });
    if (!action.role) continue;
    for (const below of weaker(action.role)) {
      await probe(`${below} on action ${label} (needs ${action.role}) is forbidden`, async () => {
        const { code } = await callAction(action, [{}], { cookie: sessions[below] });
        expect(code === "forbidden", `answered ${code}`);
      });
    }
  }

  // --- Forged origins ----------------------------------------------------------------------------
  const anyAction = createUser as Action;
  await probe("server action from a foreign Origin is 403", async () => {
    const { res } = await callAction(anyAction, [{}], {
      cookie: sessions.admin,
      headers: { origin: "http://evil.example" },
    });
    expect(res.status === 403, `answered ${res.status}`);
  });
  await probe("server action with an unparseable Origin is 400", async () => {
    const { res } = await callAction(anyAction, [{}], {
      cookie: sessions.admin,
      headers: { origin: "::nonsense::" },
    });
    expect(res.status === 400, `answered ${res.status}`);
  });
  await probe("sign-in from a foreign Origin (with a cookie) is 403", async () => {
    const res = await call("/api/auth/sign-in/email", {
      method: "POST",
      cookie: "theme=dark",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body: JSON.stringify({ email: options.admin.email, password: options.admin.password }),
    });
    expect(res.status === 403, `answered ${res.status}`);
    expect(res.setCookies.length === 0, "a session cookie was set");
  });
  await probe("sign-out from a foreign Origin is 403", async () => {
    const res = await call("/api/auth/sign-out", {
      method: "POST",
      cookie: sessions.viewer,
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body: "{}",
    });
    expect(res.status === 403, `answered ${res.status}`);
  });

  // --- Open redirects ----------------------------------------------------------------------------
  for (const next of [
    "/%5Cevil.example/x",
    "/%09/evil.example",
    "//evil.example",
    "https://evil.example/",
    "/%2F%2Fevil.example",
  ]) {
    await probe(`sign-in ?next=${next} keeps the browser on this origin`, async () => {
      const res = await call(`/sign-in?next=${next}`);
      expect(res.status === 200, `answered ${res.status}`);
      // The page hands the form its destination; it must be "/" for every payload.
      const handed = /\\"next\\":\\"([^"\\]*(?:\\\\[^"\\]*)*)\\"/.exec(res.body)?.[1];
      expect(handed === "/", `the form would go to ${handed}`);
    });
  }

  // --- Traversal on the download route ------------------------------------------------------------
  const download = build.routes.find(
    (r) => r.path.startsWith("/api/restore-points/") && r.path.endsWith("/file"),
  );
  if (download) {
    for (const payload of [
      "../../../../etc/passwd",
      "%2e%2e/%2e%2e/etc/passwd",
      "..%2f..%2fetc%2fpasswd",
      "/etc/passwd",
      "....//....//etc/passwd",
    ]) {
      await probe(`download ?path=${payload} serves no host file`, async () => {
        const res = await call(`${concrete(download.path)}?path=${payload}`, { cookie: sessions.operator });
        expect(res.status >= 400 && res.status < 500, `answered ${res.status}`);
        expect(!res.body.includes("root:"), "the body holds /etc/passwd");
      });
    }
    for (const id of ["..", "..%2f..%2fetc", "%2e%2e"]) {
      await probe(`download with id ${id} serves nothing`, async () => {
        const res = await call(`/api/restore-points/${id}/file?path=passwd`, { cookie: sessions.operator });
        expect(res.status >= 400 && res.status < 500, `answered ${res.status}`);
      });
    }
    await probe("a viewer may not download files (they hold secrets)", async () => {
      const res = await call(`${concrete(download.path)}?path=x`, { cookie: sessions.viewer });
      expect(res.status === 403, `answered ${res.status}`);
    });
  }

  // --- Oversized and garbage bodies ----------------------------------------------------------------
  const twentyMB = Buffer.alloc(20 * 1024 * 1024, 0x20);
  await probe("a 20 MB server-action body is 413", async () => {
    const { res } = await callAction(anyAction, [], { cookie: sessions.admin, body: twentyMB });
    expect(res.status === 413, `answered ${res.status}`);
  });
  await probe("a garbage server-action body is 400", async () => {
    const { res } = await callAction(anyAction, [], { cookie: sessions.admin, body: "\u0000garbage{" });
    expect(res.status === 400, `answered ${res.status}`);
  });
  await probe("a 20 MB sign-in body is 413", async () => {
    const res = await call("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: twentyMB,
    });
    expect(res.status === 413, `answered ${res.status}`);
  });

  // --- Metrics token, headers, what answers reveal --------------------------------------------------
  await probe("GET /api/metrics with the token alone is 200", async () => {
    const res = await call("/api/metrics", { headers: { authorization: `Bearer ${PROBE_METRICS_TOKEN}` } });
    expect(res.status === 200, `answered ${res.status}`);
    expect(res.body.includes("lifeboat_"), "no Lifeboat metrics in the body");
  });
  await probe("GET /api/metrics with a wrong token and a forged cookie is 401", async () => {
    const res = await call("/api/metrics", {
      cookie: "better-auth.session_token=forged.forged",
      headers: { authorization: `Bearer ${PROBE_METRICS_TOKEN}x` },
    });
    expect(res.status === 401, `answered ${res.status}`);
  });
  for (const [pathName, cookie] of [
    ["/sign-in", undefined],
    ["/", sessions.admin],
    ["/api/me", sessions.viewer],
    ["/api/health", undefined],
  ] as const) {
    await probe(
      `${pathName} sends CSP (nonce, frame-ancestors 'none'), nosniff and Referrer-Policy`,
      async () => {
        const res = await call(pathName, { cookie });
        const csp = String(res.headers["content-security-policy"] ?? "");
        expect(/script-src [^;]*'nonce-/.test(csp), `CSP: ${csp || "missing"}`);
        expect(csp.includes("frame-ancestors 'none'"), "no frame-ancestors 'none'");
        expect(res.headers["x-content-type-options"] === "nosniff", "no nosniff");
        expect(Boolean(res.headers["referrer-policy"]), "no Referrer-Policy");
      },
    );
  }
  await probe("sign-in and get-session answers hold no session token", async () => {
    const res = await signIn(viewerEmail, password);
    const token = decodeURIComponent(cookieOf(res).split("=")[1] ?? "").split(".")[0] as string;
    expect(token.length > 10, "no session cookie");
    expect(!res.body.includes(token), "the sign-in body holds the token");
    const session = await call("/api/auth/get-session", { cookie: cookieOf(res) });
    expect(session.status === 200 && !session.body.includes(token), "get-session shows the token");
  });
  await probe("/favicon.ico is served", async () => {
    const res = await call("/favicon.ico");
    expect(res.status === 200, `answered ${res.status}`);
  });
  await probe("an unknown page signed in is 404 with the app frame and a link home", async () => {
    const res = await call(`/no-such-page-${tag}`, { cookie: sessions.viewer });
    expect(res.status === 404, `answered ${res.status}`);
    expect(res.body.includes('aria-label="Main"'), "no navigation");
    expect(/href="\/"/.test(res.body), "no link home");
  });

  // --- Rate limits (last: they use up 127.0.0.1's sign-in budget for a minute) -----------------------
  await probe("per-account backoff blocks the guesser's client, not the owner's", async () => {
    const guesser = viaProxy();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn(viewerEmail, "wrong-password!", guesser)).status);
    expect(statuses.includes(429), `statuses ${statuses.join(",")}`);
    const blocked = await signIn(viewerEmail, password, guesser);
    expect(blocked.status === 429, `the right password from the guesser's client answered ${blocked.status}`);
    const owner = await signIn(viewerEmail, password, viaProxy());
    expect(owner.status === 200, `the owner from another client answered ${owner.status}`);
  });
  await probe(
    "varying X-Forwarded-For from an untrusted client does not dodge the sign-in limit",
    async () => {
      const statuses: number[] = [];
      const attempts = Number(probeServerEnv.LIFEBOAT_SIGN_IN_LIMIT) + 5;
      for (let i = 0; i < attempts && !statuses.includes(429); i++) {
        const res = await signIn(`nobody-${i}@example.com`, "wrong-password!", {
          localAddress: "127.0.0.1",
          xff: `203.0.113.${i}`,
        });
        statuses.push(res.status);
      }
      expect(
        statuses.includes(429),
        `${statuses.length} attempts with varied X-Forwarded-For were never limited (${statuses.join(",")})`,
      );
    },
  );
  void host;
  return results;
}

export function summary(results: ProbeResult[]): string {
  const passed = results.filter((r) => r.ok).length;
  return `${passed} passed, ${results.length - passed} failed`;
}
