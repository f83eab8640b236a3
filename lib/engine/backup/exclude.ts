// Exclude patterns in .gitignore syntax (the `ignore` library), matched against each path
// relative to the filesystem root, so "*.log", "node_modules/" and "/srv/www/cache" all work.
import { requireCjs } from "../require-cjs";

const ignore = requireCjs("ignore") as typeof import("ignore");
export function excludeMatcher(patterns: string[]): (absolutePath: string, kind: "dir" | "file") => boolean {
  const ig = ignore().add(patterns.map((p) => (p.startsWith("/") ? p.slice(1) : p)));
  return (absolutePath, kind) => {
    const rel = absolutePath.replace(/^\/+/, "");
    if (!rel) return false;
    return ig.ignores(kind === "dir" ? `${rel}/` : rel);
  };
}
