// The host names `next dev` should serve its HMR socket and dev resources to. Next allows only
// localhost by default, so a dashboard opened at 127.0.0.1 or at the machine's network address
// (how a self-hosted console is reached from another computer) never hydrated: "Blocked
// cross-origin request to Next.js dev resource /_next/hmr". These are this machine's own names,
// not arbitrary sites.
import os from "node:os";

export function devOrigins(publicUrl?: string): string[] {
  const names = new Set(["127.0.0.1", "[::1]", "::1", os.hostname(), `${os.hostname()}.local`]);
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) names.add(a.family === "IPv6" ? `[${a.address}]` : a.address);
  }
  if (publicUrl && URL.canParse(publicUrl)) names.add(new URL(publicUrl).hostname);
  return [...names];
}
