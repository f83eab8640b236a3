// Repository URLs as restic writes them: a local path (optionally "local:PATH"), or
// "s3:http(s)://host[:port]/bucket[/prefix]". Credentials are passed in by the caller; the
// engine never reads the environment.
import { EngineError } from "../errors";
import type { Backend } from "./backend";
import { LocalBackend } from "./local";
import { S3Backend } from "./s3";

export interface BackendCredentials {
  s3?: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    region?: string;
    caCertificate?: string | Buffer;
  };
}

export type RepositoryLocation =
  | { kind: "local"; path: string }
  | { kind: "s3"; endpoint: string; bucket: string; prefix: string };

export function parseRepositoryUrl(url: string): RepositoryLocation {
  if (url.startsWith("s3:")) return parseS3Url(url);
  if (/^[a-z][a-z0-9+]*:/.test(url) && !url.startsWith("local:") && !/^[a-zA-Z]:[\\/]/.test(url)) {
    const scheme = url.slice(0, url.indexOf(":"));
    throw new EngineError(
      "unsupported",
      `repository type "${scheme}" is not supported (use a local path or s3:)`,
    );
  }
  const path = url.startsWith("local:") ? url.slice("local:".length) : url;
  if (!path) throw new EngineError("invalid_argument", "empty repository path");
  return { kind: "local", path };
}

function parseS3Url(url: string): RepositoryLocation {
  let rest = url.slice("s3:".length);
  // restic reads "s3:host/bucket" as https, and strips the "//" of "s3://host/bucket".
  if (!/^https?:\/\//.test(rest)) rest = `https://${rest.replace(/^\/\//, "")}`;
  const m = /^(https?):\/\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(rest);
  if (!m) {
    throw new EngineError(
      "invalid_argument",
      `S3 repository URL must look like s3:http(s)://host[:port]/bucket[/prefix], got "${url}"`,
    );
  }
  const [, scheme, host, bucket, prefix = ""] = m;
  return { kind: "s3", endpoint: `${scheme}://${host}`, bucket, prefix: prefix.replace(/\/+$/, "") };
}

export function openBackend(url: string, creds: BackendCredentials = {}): Backend {
  const loc = parseRepositoryUrl(url);
  if (loc.kind === "local") return new LocalBackend(loc.path);
  if (!creds.s3?.accessKeyId || !creds.s3.secretAccessKey) {
    throw new EngineError(
      "invalid_argument",
      "an S3 repository needs an access key ID and a secret access key",
    );
  }
  return new S3Backend({ endpoint: loc.endpoint, bucket: loc.bucket, prefix: loc.prefix, ...creds.s3 });
}
