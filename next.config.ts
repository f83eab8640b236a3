import type { NextConfig } from "next";
import { env } from "./lib/env";
import { devOrigins } from "./lib/http/dev-origins";
import { staticSecurityHeaders } from "./lib/http/security-headers";

// Parse the configuration now: a bad value stops `next dev`/`next start` with a clear message.
const config = env();

const nextConfig: NextConfig = {
  // Native and WASM packages must be loaded by Node at run time, not bundled.
  // drizzle-orm and postgres too: the job runtime is loaded outside the bundle
  // (lib/load-unbundled.ts) and shares the database handle, so both sides use one copy.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "sodium-native",
    "zstd-napi",
    "pino",
    "drizzle-orm",
    "postgres",
    // Required on first use by the engine's S3 backend (lib/engine/backend/s3-sdk.ts).
    "@aws-sdk/client-s3",
    // Reads its font metrics (.afm) from its own folder at run time: bundling would lose them.
    "pdfkit",
  ],
  poweredByHeader: false,
  // Type checking is `npm run typecheck` over the whole repository; the build (and so the
  // browser tests) should not stop on a type error in another area's test file.
  typescript: { ignoreBuildErrors: true },
  // `next dev` at 127.0.0.1 or a network address must hydrate (see lib/http/dev-origins.ts).
  allowedDevOrigins: devOrigins(config.LIFEBOAT_URL),
  // `next dev` logs every server action with its arguments; some carry passwords (setup, new
  // users). Nothing secret may reach the log, so that logging is off.
  logging: { serverFunctions: false },
  // The Content-Security-Policy is per request (it carries a nonce): proxy.ts sets it.
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders }];
  },
};

export default nextConfig;
