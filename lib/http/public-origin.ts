// Where a request was sent, as the person's browser addressed it: the Host header, or
// X-Forwarded-Host and X-Forwarded-Proto when the request came through a trusted proxy. A client
// that is not a trusted proxy cannot move it with forwarded headers.
import { fromTrustedProxy, PEER_HEADER, type TrustedProxies } from "./client-ip";

export interface PublicAddress {
  host: string;
  /** "http:" or "https:" */
  protocol: string;
}

export function publicAddress(
  headers: Headers,
  trusted: TrustedProxies,
  fallback: PublicAddress,
): PublicAddress & { viaProxy: boolean } {
  const viaProxy = fromTrustedProxy(headers.get(PEER_HEADER), trusted);
  let host = headers.get("host") ?? fallback.host;
  let protocol = fallback.protocol;
  if (viaProxy) {
    host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || host;
    const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
    if (proto === "https" || proto === "http") protocol = `${proto}:`;
  }
  return { host, protocol, viaProxy };
}
