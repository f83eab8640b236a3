// The peer header comes from the socket; a client cannot send its own.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { PEER_HEADER } from "./client-ip";
import { installPeerHeader } from "./peer-header";

describe("installPeerHeader", () => {
  it("stamps every request with its TCP peer, replacing a forged value, on servers made before", async () => {
    const server = createServer((req, res) => res.end(String(req.headers[PEER_HEADER])));
    installPeerHeader();
    installPeerHeader(); // idempotent
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "6.6.6.6" } });
      expect(await res.text()).toBe("127.0.0.1");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
