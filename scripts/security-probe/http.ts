// A tiny HTTP client on node:http: unlike fetch it can choose the local address (127.0.0.1 is an
// ordinary client, 127.0.0.2 the trusted proxy the probe's server is told about), never follows
// redirects, and sends exactly the headers it is given (Origin, Host, forged cookies).
import http from "node:http";

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  setCookies: string[];
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  localAddress?: string;
  timeoutMs?: number;
}

export function request(url: string, options: HttpOptions = {}): Promise<HttpResult> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? "GET",
        // Node frames a body without Content-Length as chunked only for some methods; a DELETE
        // body went out unframed and the server read it as a broken next request (400).
        headers:
          options.body === undefined || options.headers?.["content-length"] !== undefined
            ? options.headers
            : { ...options.headers, "content-length": String(Buffer.byteLength(options.body)) },
        localAddress: options.localAddress,
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            setCookies: res.headers["set-cookie"] ?? [],
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout: ${url}`)));
    req.on("error", (error) => {
      // A server that answers before reading a huge body may reset the connection: the answer
      // was already a refusal, which is what the caller wanted to know.
      if (
        (error as NodeJS.ErrnoException).code === "EPIPE" ||
        (error as NodeJS.ErrnoException).code === "ECONNRESET"
      ) {
        resolve({ status: 0, headers: {}, body: String(error), setCookies: [] });
      } else reject(error);
    });
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
