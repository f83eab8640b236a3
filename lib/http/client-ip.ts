// Who is the client? The TCP peer, unless the peer is a proxy the operator configured in
// LIFEBOAT_TRUSTED_PROXIES: then X-Forwarded-For is read from the right, skipping trusted
// proxies, and the first address that is not one is the client. A client can therefore not
// choose its own address (to dodge a rate limit) by sending the header, and clients behind an
// appending proxy are told apart instead of sharing the proxy's address.
import { BlockList, isIP } from "node:net";

/** Set on every incoming request by lib/http/peer-header.ts from the socket, never by a client. */
export const PEER_HEADER = "x-lifeboat-peer";

export interface TrustedProxies {
  has(address: string): boolean;
  readonly empty: boolean;
}

/** Strips the IPv4-mapped IPv6 prefix so ::ffff:127.0.0.1 and 127.0.0.1 are one address. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? (mapped[1] as string) : trimmed;
}

/** Parses "10.0.0.1, 192.168.0.0/16, ::1" (addresses or CIDR ranges); throws on a bad entry. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  const entries = (value ?? "")
    .split(/[\s,]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = "", bits] = entry.split("/");
    const family = isIP(address);
    if (!family) throw new Error(`"${entry}" is not an IP address or CIDR range`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
        throw new Error(`"${entry}" has a bad prefix length`);
      }
      list.addSubnet(address, prefix, type);
    }
  }
  return {
    empty: entries.length === 0,
    has(address: string) {
      const a = normalizeAddress(address);
      const family = isIP(a);
      return family !== 0 && list.check(a, family === 6 ? "ipv6" : "ipv4");
    },
  };
}

/** The client's address, or null when the peer is unknown (no socket, e.g. in a unit test). */
export function clientAddress(
  peer: string | null | undefined,
  forwardedFor: string | null | undefined,
  trusted: TrustedProxies,
): string | null {
  if (!peer) return null;
  let client = normalizeAddress(peer);
  if (!trusted.has(client)) return client;
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((h) => normalizeAddress(h))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!isIP(hop)) return client; // garbage in the chain: stop at the last proxy we trust
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  return client;
}

/** True when the request came straight from a trusted proxy (its X-Forwarded-* may be believed). */
export function fromTrustedProxy(peer: string | null | undefined, trusted: TrustedProxies): boolean {
  return Boolean(peer) && trusted.has(peer as string);
}
