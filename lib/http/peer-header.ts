// Next.js gives route handlers no socket, and keeps a client's own X-Forwarded-For (it only fills
// the header when absent), so the real peer address is lost. This stamps it on every request as
// it arrives at Node's HTTP server, replacing anything a client sent under that name, so
// lib/http/client-ip.ts can decide whether forwarded headers come from a trusted proxy.
// Installed once per process from instrumentation.ts (`next dev` and `next start` both run it
// in the process that owns the server; the prototype is patched because the server already exists).
import http from "node:http";
import https from "node:https";
import { PEER_HEADER } from "./client-ip";

const installed = Symbol.for("lifeboat.peerHeader");

export function installPeerHeader(): void {
  // https.Server does not inherit from http.Server (`next start --experimental-https`).
  for (const server of [http.Server, https.Server]) patch(server.prototype as http.Server);
}

function patch(proto: http.Server & { [installed]?: boolean }): void {
  if (Object.hasOwn(proto, installed)) return;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof proto.emit;
  proto[installed] = true;
}
