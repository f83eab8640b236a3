// Imports point one way. Every production source file is read and each import it makes (static,
// dynamic, type-only, re-export) is resolved to a project path and checked against the rules the
// design names; a file that crosses a forbidden boundary fails here with the line to change.
//
//   app, components ─▶ lib/services ─▶ lib/jobs ─▶ db ─▶ (nothing of ours)
//                           │              │
//                           └──────────────┴──▶ lib/engine (index.ts only from outside) ─▶ nothing
//   bin (CLI) ─▶ lib/services, lib/jobs, lib/engine/index.ts, db
//
// Tests and fixtures may reach inside (they test internals); production code may not reach them.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const folders = ["app", "bin", "components", "db", "lib", "instrumentation.ts", "proxy.ts"];

const isTest = (file: string) =>
  /(\.|\/)(test|fixture|spec)\.tsx?$/.test(file) ||
  /(^|\/)fixture\.ts$/.test(file) ||
  file === "lib/auth/testing.ts";

async function sourceFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const entry of folders) {
    if (/\.tsx?$/.test(entry)) {
      out.push(entry);
      continue;
    }
    const items = await readdir(path.join(root, entry), { withFileTypes: true, recursive: true });
    for (const item of items) {
      if (!item.isFile() || !/\.(ts|tsx|mts|mjs)$/.test(item.name) || item.name.endsWith(".d.ts")) continue;
      const rel = path.relative(root, path.join(item.parentPath, item.name));
      if (!rel.startsWith("db/migrations/")) out.push(rel);
    }
  }
  return out.sort();
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"']+)["']/g;

/** Project-relative targets of a file's imports ("lib/engine/index.ts" style, without extension). */
function importsOf(file: string, text: string): { spec: string; target: string | null; line: number }[] {
  const found: { spec: string; target: string | null; line: number }[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] as string;
    const line = text.slice(0, match.index).split("\n").length;
    let target: string | null = null;
    if (spec.startsWith("@/")) target = spec.slice(2);
    else if (spec.startsWith(".")) target = path.posix.join(path.posix.dirname(file), spec);
    found.push({ spec, target: target?.replace(/\.(ts|tsx|mjs|js)$/, "") ?? null, line });
  }
  return found;
}

const under = (p: string, folder: string) => p === folder || p.startsWith(`${folder}/`);

/** The reason an import from `file` to `target` is forbidden, or null. */
function forbidden(file: string, spec: string, target: string | null): string | null {
  if (target === null) {
    // Packages: the engine stays free of Next.js, and so does everything the CLI and worker load.
    if (
      /^next(\/|$)/.test(spec) &&
      (under(file, "lib/engine") || under(file, "lib/jobs") || under(file, "db"))
    )
      return "no Next.js below lib/services";
    if (/^next(\/|$)/.test(spec) && (under(file, "lib/services") || file === "lib/auth/context.ts"))
      return "services and the context core must not depend on Next.js (use lib/auth/next-context.ts)";
    return null;
  }
  if (under(file, "lib/engine") && !under(target, "lib/engine"))
    return "the engine imports nothing of the project";
  if ((under(file, "lib") || under(file, "db")) && (under(target, "app") || under(target, "components")))
    return "lib and db never import app or components";
  if (under(file, "components") && (under(target, "app") || under(target, "db")))
    return "components receive actions as props (or from app/-local client files) and data from pages";
  if (under(file, "lib/jobs") && under(target, "lib/services"))
    return "jobs never import services (shared records live in db/records)";
  if (
    under(file, "bin") &&
    under(target, "lib/engine") &&
    !["lib/engine", "lib/engine/index"].includes(target)
  )
    return "the CLI uses the engine through lib/engine/index.ts only";
  if (!under(file, "lib/engine") && !isTest(file) && under(target, "lib/auth/testing"))
    return "test builders stay in tests";
  return null;
}

const files = await sourceFiles();

describe("import boundaries", () => {
  it("reads the project's sources", () => {
    expect(files.length).toBeGreaterThan(150);
    expect(files).toContain("lib/engine/index.ts");
  });

  it("no production file crosses a forbidden boundary", async () => {
    const problems: string[] = [];
    for (const file of files) {
      if (isTest(file)) continue;
      const text = await readFile(path.join(root, file), "utf8");
      for (const { spec, target, line } of importsOf(file, text)) {
        const why = forbidden(file, spec, target);
        if (why) problems.push(`${file}:${line} imports "${spec}": ${why}`);
      }
      if (/\bmintForTests\b/.test(text) && file !== "lib/auth/context.ts")
        problems.push(`${file}: only lib/auth/testing.ts may use mintForTests`);
    }
    expect(problems).toEqual([]);
  });

  it("the rules catch what they name", () => {
    expect(forbidden("lib/engine/ls.ts", "@/lib/env", "lib/env")).toMatch(/engine/);
    expect(forbidden("lib/jobs/queue.ts", "@/lib/services/audit", "lib/services/audit")).toMatch(/jobs/);
    expect(forbidden("components/x.tsx", "@/app/setup/actions", "app/setup/actions")).toMatch(/props/);
    expect(forbidden("components/x.tsx", "@/db", "db")).toMatch(/props/);
    expect(forbidden("db/x.ts", "@/components/a", "components/a")).toMatch(/lib and db/);
    expect(forbidden("bin/commands/x.ts", "@/lib/engine/repository", "lib/engine/repository")).toMatch(
      /index/,
    );
    expect(forbidden("bin/commands/x.ts", "@/lib/engine", "lib/engine")).toBeNull();
    expect(forbidden("lib/services/x.ts", "next/headers", null)).toMatch(/Next/);
    expect(forbidden("lib/services/x.ts", "@/lib/auth/testing", "lib/auth/testing")).toMatch(/tests/);
    const parsed = importsOf(
      "bin/commands/a.ts",
      'import x from "./b";\nconst y = await import("@/lib/engine/ls");',
    );
    expect(parsed.map((p) => p.target)).toEqual(["bin/commands/b", "lib/engine/ls"]);
  });
});
