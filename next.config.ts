import type { NextConfig } from "next";
import { env } from "./lib/env";

// Parse the configuration now: a bad value stops `next dev`/`next start` with a clear message.
env();

const nextConfig: NextConfig = {
  // Native and WASM packages must be loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "sodium-native", "zstd-napi", "pino"],
  poweredByHeader: false,
};

export default nextConfig;
