// A directory with the cases that break naive backup tools: odd names, links, special files,
// modes and nanosecond times. Used by the tree, backup and restore interop tests.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

export const INVALID_UTF8_NAME = Buffer.from([0x62, 0x61, 0x64, 0xff, 0x6e, 0x61, 0x6d, 0x65]);

export async function makeEdgeTree(root: string, opts: { bigFileBytes?: number } = {}): Promise<void> {
  const p = (...parts: string[]) => path.join(root, ...parts);
  await fs.mkdir(p("dir", "nested", "deeper"), { recursive: true });
  await fs.mkdir(p("empty-dir"));
  await fs.writeFile(p("plain.txt"), "hello lifeboat\n");
  await fs.writeFile(p("empty"), "");
  await fs.writeFile(p("ünïcödé <&>.txt"), "unicode\n");
  await fs.writeFile(p('we"ird\\name'), "quotes and backslashes\n");
  await fs.writeFile(p("new\nline"), "a newline in the name\n");
  await fs.writeFile(p("tab\there"), "tab\n");
  await fs.writeFile(p("emoji 😀"), "emoji\n");
  await fs.writeFile(p("sep\u2028arator"), "line separator\n");
  await fs.writeFile(p("中文文件名.txt"), "中文内容\n");
  await fs.writeFile(Buffer.concat([Buffer.from(`${root}/`), INVALID_UTF8_NAME]), "invalid utf-8 name\n");
  await fs.writeFile(p("dir", "nested", "deeper", "log.txt"), "compressible log line\n".repeat(50_000));
  await fs.writeFile(p("dir", "random.bin"), randomBytes(opts.bigFileBytes ?? 2 * 1024 * 1024));
  await fs.symlink("plain.txt", p("link-to-plain"));
  await fs.symlink("does/not/exist", p("dangling-link"));
  await fs.symlink("dir/nested", p("link-to-dir"));
  await fs.link(p("plain.txt"), p("hardlink-to-plain"));
  await fs.writeFile(p("setuid-file"), "#!/bin/sh\n");
  await fs.chmod(p("setuid-file"), 0o4755);
  await fs.mkdir(p("sticky-dir"));
  await fs.chmod(p("sticky-dir"), 0o1777);
  await fs.writeFile(p("private"), "secret\n");
  await fs.chmod(p("private"), 0o600);
  execFileSync("mkfifo", [p("fifo")]);
  // Nanosecond mtimes, set last on files (touch -h for the links themselves).
  execFileSync("touch", ["-d", "2026-01-02 03:04:05.123456789", p("plain.txt")]);
  execFileSync("touch", ["-h", "-d", "2025-06-07 08:09:10.987654321", p("link-to-plain")]);
  execFileSync("touch", ["-d", "2024-02-29 23:59:59.000000001", p("dir", "nested", "deeper", "log.txt")]);
}
