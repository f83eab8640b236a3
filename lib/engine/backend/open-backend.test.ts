import { describe, expect, it } from "vitest";
import { isEngineError } from "../errors";
import { LocalBackend } from "./local";
import { openBackend, parseRepositoryUrl } from "./open-backend";
import { S3Backend } from "./s3";

describe("repository URLs as restic writes them", () => {
  it.each([
    ["/srv/backups/repo", { kind: "local", path: "/srv/backups/repo" }],
    ["local:/srv/repo", { kind: "local", path: "/srv/repo" }],
    ["relative/repo", { kind: "local", path: "relative/repo" }],
    [
      "s3:http://127.0.0.1:9000/bucket",
      { kind: "s3", endpoint: "http://127.0.0.1:9000", bucket: "bucket", prefix: "" },
    ],
    [
      "s3:https://s3.example.com/bucket/some/prefix/",
      { kind: "s3", endpoint: "https://s3.example.com", bucket: "bucket", prefix: "some/prefix" },
    ],
    [
      "s3:minio.lan:9000/bucket/p",
      { kind: "s3", endpoint: "https://minio.lan:9000", bucket: "bucket", prefix: "p" },
    ],
    [
      "s3://s3.amazonaws.com/bucket",
      { kind: "s3", endpoint: "https://s3.amazonaws.com", bucket: "bucket", prefix: "" },
    ],
  ])("%s", (url, expected) => {
    expect(parseRepositoryUrl(url)).toEqual(expected);
  });

  it.each(["s3:http://host-only", "s3:http://host/", "sftp:user@host:/srv/repo", "rest:http://host/"])(
    "rejects %s",
    (url) => {
      expect(() => parseRepositoryUrl(url)).toThrow();
    },
  );

  it("opens the matching backend, and insists on S3 credentials", () => {
    expect(openBackend("/tmp/x")).toBeInstanceOf(LocalBackend);
    const s3 = openBackend("s3:http://127.0.0.1:9/b/p", { s3: { accessKeyId: "k", secretAccessKey: "s" } });
    expect(s3).toBeInstanceOf(S3Backend);
    expect(s3.location()).toBe("s3:http://127.0.0.1:9/b/p");
    (s3 as S3Backend).close();
    let caught: unknown;
    try {
      openBackend("s3:http://127.0.0.1:9/b");
    } catch (err) {
      caught = err;
    }
    expect(isEngineError(caught, "invalid_argument")).toBe(true);
  });
});
