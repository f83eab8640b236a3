// Entity resolution against the inventory: which assets, policies and repositories a request
// names (by name, path, database name, a path inside an asset, or a generic noun such as "the
// database"), which of those it negates ("not www, wiki"), and the free names it introduces
// (paths, file names, ids). Works on the normalised text (text.ts).
import type { Inventory, InventoryAsset } from "./types";

export interface Span {
  start: number;
  end: number;
}
export interface Mention<T> extends Span {
  value: T;
  negated: boolean;
}
export interface Entities {
  /** Specific assets named, in order of mention (a path inside an asset names the asset). */
  assets: Mention<InventoryAsset>[];
  /** A generic reference ("the database", "数据库") and the assets it could mean. */
  generic?: { noun: "database" | "directory" | "asset"; candidates: InventoryAsset[] };
  /**
   * "everything", "all assets", "所有": every asset not negated; "all databases", "both folders",
   * "所有数据库": every asset of that kind. False when the request names no whole set.
   */
  all: false | "asset" | "database" | "directory";
  policies: Mention<string>[];
  repositories: Mention<string>[];
  /** Absolute paths as written, with the asset each lies in (if any). */
  paths: Mention<{ path: string; asset?: InventoryAsset }>[];
  /** File names such as nginx.conf, and quoted strings. */
  files: string[];
  /** Hexadecimal ids (jobs, restore points) or "job 42". */
  ids: string[];
}

const WORD = "a-z0-9_\\-.";
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every occurrence of `name` that is a whole word (not part of "nightly-www" or "/srv/www"). */
export function findWord(text: string, name: string): Span[] {
  const out: Span[] = [];
  const re = new RegExp(`(?<![${WORD}/])${escapeRe(name.toLowerCase())}(?![a-z0-9_\\-/]|\\.[a-z0-9])`, "g");
  for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

const overlaps = (a: Span, spans: Span[]) => spans.some((b) => a.start < b.end && b.start < a.end);

// A mention is negated when a cue ends right before it in the same clause: "not www", "except
// media", "instead of www", "不是 www", "除了 media".
const NEGATION_BEFORE =
  /(?:\bnot|\bexcept(?: for)?|\bexcluding|\bbut not|\binstead of|\brather than|\bother than|\bwithout|\bno longer|不是|不要|除了|除去|别|而非|不包括)\s*(?:the\s+|for\s+|of\s+)?["'(]?$/;
const NEGATION_AFTER = /^["')]?\s*(?:\binstead\b|以外|之外|除外)/;

function negatedAt(text: string, span: Span): boolean {
  const before = text.slice(Math.max(0, span.start - 20), span.start);
  return NEGATION_BEFORE.test(before) || NEGATION_AFTER.test(text.slice(span.end, span.end + 10));
}

const PATH_RE = /(?<![\w.:/])(\/[^\s,;，。；"'()（）]*[^\s,;，。；"'()（）.:?？!！])/g;
// "nginx.conf", "app.tar.gz", and dot files such as ".bashrc" (a dot right after a word is a full
// stop, not a file).
const FILE_RE = /(?<![\w/.-])([\w-]+(?:\.[a-z0-9]{1,6})+|\.[a-z][\w-]{1,30}(?:\.[a-z0-9]{1,6})*)(?![\w/])/g;
const QUOTED_RE = /["“「『]([^"”」』]{1,80})["”」』]/g;

export function assetOfPath(path: string, inv: Inventory): InventoryAsset | undefined {
  let best: InventoryAsset | undefined;
  for (const a of inv.assets) {
    if (!a.path) continue;
    // The grammar reads lower case; a path typed with capitals still lies in its asset.
    const root = a.path.replace(/\/+$/, "").toLowerCase() || "/";
    const p = path.toLowerCase();
    const inside = p === root || p.startsWith(root === "/" ? "/" : `${root}/`);
    if (inside && (!best || root.length > (best.path?.length ?? 0))) best = a;
  }
  return best;
}

const GENERIC: { noun: "database" | "directory" | "asset"; re: RegExp }[] = [
  { noun: "database", re: /\b(?:database|db|postgres)\b|数据库/ },
  {
    noun: "directory",
    re: /\b(?:the |that |our |my )(?:folder|directory|site|website|files)\b|网站|目录|文件夹|站点/,
  },
  { noun: "asset", re: /\bthe (?:asset|backup|thing)\b|它|那个资产/ },
];

// "to offsite", "in the local repo", "offsite repository", "存到 offsite": a repository is named
// only with such a cue, because names like "local" are ordinary words too.
function repositoryCue(text: string, span: Span): boolean {
  const before = text.slice(Math.max(0, span.start - 24), span.start);
  const after = text.slice(span.end, span.end + 16);
  return (
    /\b(?:to|into|in|on|onto|using|via|repository|repo|bucket)\s+(?:the\s+)?$/.test(before) ||
    /(?:到|至|存到|存储到|存入|仓库|存储库)\s*$/.test(before) ||
    /^\s*(?:repository|repo|bucket|仓库|存储库|存储)/.test(after)
  );
}

export function extractEntities(text: string, inv: Inventory): Entities {
  const taken: Span[] = [];
  const paths: Entities["paths"] = [];
  for (const m of text.matchAll(PATH_RE)) {
    const span = { start: m.index, end: m.index + m[1].length };
    const path = m[1].replace(/(.)\/+$/, "$1");
    paths.push({ ...span, value: { path, asset: assetOfPath(path, inv) }, negated: negatedAt(text, span) });
    taken.push(span);
  }
  const policies: Mention<string>[] = [];
  for (const p of inv.policies) {
    for (const span of findWord(text, p.name)) {
      if (overlaps(span, taken)) continue;
      policies.push({ ...span, value: p.name, negated: negatedAt(text, span) });
      taken.push(span);
    }
  }
  const repositories: Mention<string>[] = [];
  for (const r of inv.repositories) {
    for (const span of findWord(text, r.name)) {
      if (overlaps(span, taken) || !repositoryCue(text, span)) continue;
      repositories.push({ ...span, value: r.name, negated: negatedAt(text, span) });
      taken.push(span);
    }
  }
  const assets: Mention<InventoryAsset>[] = [];
  for (const p of paths) if (p.value.asset) assets.push({ ...p, value: p.value.asset });
  for (const a of inv.assets) {
    for (const key of new Set([a.name, a.database].filter((k): k is string => Boolean(k)))) {
      for (const span of findWord(text, key)) {
        if (overlaps(span, taken)) continue;
        assets.push({ ...span, value: a, negated: negatedAt(text, span) });
        taken.push(span);
      }
    }
  }
  for (const alias of inv.aliases ?? []) {
    const a = inv.assets.find((x) => x.name === alias.asset);
    if (!a) continue;
    for (const span of findWord(text, alias.word)) {
      if (overlaps(span, taken)) continue;
      assets.push({ ...span, value: a, negated: negatedAt(text, span) });
      taken.push(span);
    }
  }
  assets.sort((x, y) => x.start - y.start);
  // "except orders and analytics", "除了 orders 和 analytics": a negation covers a list joined by
  // and/or (not by a bare comma: "not www, wiki" names wiki instead).
  for (let i = 1; i < assets.length; i++) {
    const between = text.slice(assets[i - 1].end, assets[i].start);
    if (assets[i - 1].negated && /^\s*,?\s*(?:and|or|nor|&|和|或|及|与|跟)\s*$/.test(between))
      assets[i].negated = true;
  }

  let generic: Entities["generic"];
  for (const g of GENERIC) {
    if (!g.re.test(text)) continue;
    const candidates = inv.assets.filter((a) =>
      g.noun === "asset" ? true : g.noun === "database" ? a.kind === "postgres" : a.kind === "directory",
    );
    generic = { noun: g.noun, candidates };
    break;
  }
  const all = wholeSet(text);

  const files: string[] = [];
  for (const m of text.matchAll(QUOTED_RE)) files.push(m[1].trim());
  for (const m of text.matchAll(FILE_RE)) {
    const span = { start: m.index, end: m.index + m[1].length };
    if (overlaps(span, taken) || /^\d+(\.\d+)*$/.test(m[1]) || /^\d/.test(m[1])) continue;
    files.push(m[1]);
  }
  const ids: string[] = [];
  for (const m of text.matchAll(/\b([0-9a-f]{8,64})\b/g))
    if (/\d/.test(m[1]) && /[a-f]/.test(m[1])) ids.push(m[1]);
  for (const m of text.matchAll(/(?:\bjob|任务)\s*#?\s*(\d+)\b/g)) ids.push(m[1]);

  return { assets, generic, all, policies, repositories, paths, files, ids };
}

/** The specific assets a request means: named and not negated, else the generic candidates. */
export function chosenAssets(e: Entities, inv: Inventory): InventoryAsset[] {
  // A name negated anywhere is out, even if it was named earlier: "back up www … not www, wiki".
  const negated = new Set(e.assets.filter((m) => m.negated).map((m) => m.value.name));
  const named = dedupe(e.assets.filter((m) => !negated.has(m.value.name)).map((m) => m.value));
  if (named.length) return named;
  if (e.all)
    return inv.assets.filter(
      (a) =>
        !negated.has(a.name) &&
        (e.all === "asset" || (e.all === "database" ? a.kind === "postgres" : a.kind === "directory")),
    );
  return [];
}

const SET_WORD = /\b(?:all|both|every|each)\s+(?:of\s+)?(?:the\s+|my\s+|our\s+)?/.source;
const SET_ZH = "(?:所有|全部|一切|每个|两个)(?:的)?";
const ALL_DATABASES = new RegExp(
  `${SET_WORD}(?:databases?|dbs?|postgres(?:ql)? databases?)\\b|${SET_ZH}\\s*(?:数据库|库)`,
);
const ALL_FOLDERS = new RegExp(
  `${SET_WORD}(?:folders?|directories|directory|file systems?)\\b|${SET_ZH}\\s*(?:目录|文件夹)`,
);
const ALL_ASSETS = /\b(?:everything|all (?:of )?(?:the |my |our )?(?:assets|data))\b|所有|全部|一切/;

/** Which whole set a request names, if any: "everything", "both databases", "所有目录". */
function wholeSet(text: string): Entities["all"] {
  if (ALL_DATABASES.test(text)) return "database";
  if (ALL_FOLDERS.test(text)) return "directory";
  if (ALL_ASSETS.test(text)) return "asset";
  return false;
}

/** Policies named and never negated, in order of mention. */
export function chosenPolicies(e: Entities): string[] {
  const negated = new Set(e.policies.filter((m) => m.negated).map((m) => m.value));
  return [...new Set(e.policies.map((m) => m.value).filter((p) => !negated.has(p)))];
}

export function dedupe<T extends { name: string }>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    if (seen.has(x.name)) return false;
    seen.add(x.name);
    return true;
  });
}
