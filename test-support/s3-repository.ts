// One repository URL on a TLS s3rver, reachable both ways: Lifeboat's S3 backend (opened as
// often as a test likes, all closed together) and restic's own s3 backend (with --cacert).
import { openBackend } from "@/lib/engine/backend/open-backend";
import type { S3Backend } from "@/lib/engine/backend/s3";
import { resticOk } from "./restic";
import { S3RVER_CREDENTIALS, type S3TestServer } from "./s3-server";

export interface S3Repository {
  url: string;
  open(): S3Backend;
  restic(args: string[]): Promise<string>;
  close(): void;
}

export function s3Repository(server: S3TestServer, bucketAndPrefix: string): S3Repository {
  const url = `s3:${server.endpoint}/${bucketAndPrefix}`;
  const backends: S3Backend[] = [];
  const env = { ...process.env, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" };
  return {
    url,
    open() {
      const b = openBackend(url, {
        s3: { ...S3RVER_CREDENTIALS, caCertificate: server.caCertificate },
      }) as S3Backend;
      backends.push(b);
      return b;
    },
    restic: (args) => resticOk(url, ["--cacert", server.caCertificateFile as string, ...args], { env }),
    close() {
      for (const b of backends) b.close();
    },
  };
}
