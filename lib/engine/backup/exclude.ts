// Exclude patterns in .gitignore syntax (the `ignore` library), matched against each path
// relative to the filesystem root, so "*.log", "node_modules/" and "/srv/www/cache" all work.
import ignore from "ignore";
import type { Node } from "../node";

export function excludeMatcher(patterns: string[]): (absolutePath: string, node: Node) => boolean {
  const ig = ignore().add(patterns.map((p) => (p.startsWith("/") ? p.slice(1) : p)));
  return (absolutePath, node) => {
    const rel = absolutePath.replace(/^\/+/, "");
    if (!rel) return false;
    return ig.ignores(node.type === "dir" ? `${rel}/` : rel);
  };
}
