// Learning from corrections (issue 22, item 6), the pure part: an example is a request the
// organisation corrected, with the call that should have been planned. The planner consults the
// nearest example on normalised words before its grammar, so "back up the shop db now" means
// orders after one correction. Storing examples (ratings, edits of drafted actions), the Settings
// page and `lifeboat examples export` are not built yet: they need the chat records of issue 21.
import { normalise } from "./text";
import type { Inventory, PlannedCall } from "./types";

export interface Example {
  id?: string;
  request: string;
  toolName: string;
  input: Record<string, unknown>;
}

const STOP = new Set([
  "the",
  "a",
  "an",
  "please",
  "to",
  "of",
  "my",
  "our",
  "for",
  "can",
  "you",
  "could",
  "would",
  "me",
  "i",
  "we",
]);
const ZH_FILLER = /请|帮我|帮忙|麻烦|一下|给我|把|吧|了|的/g;

/** The words of a request that carry meaning: normalised, without filler; CJK by character. */
export function words(text: string): string[] {
  const t = normalise(text).replace(ZH_FILLER, " ");
  const latin = t.match(/[a-z0-9][a-z0-9_.\-/]*/g) ?? [];
  const cjk = t.match(/[\u4e00-\u9fff]/g) ?? [];
  return [...latin.filter((w) => !STOP.has(w)), ...cjk];
}

function similarity(a: string[], b: string[]): number {
  const A = new Set(a);
  const B = new Set(b);
  if (!A.size || !B.size) return 0;
  let common = 0;
  for (const w of A) if (B.has(w)) common++;
  return common / (A.size + B.size - common);
}

/**
 * The examples most like the request, best first: at most `limit`, each at least `threshold`
 * similar (Jaccard on words). A hosted model's prompt takes these as hints, so the bar is lower
 * than matchExample's, which replaces the planner's own reading.
 */
export function nearestExamples(text: string, examples: Example[], limit = 3, threshold = 0.3): Example[] {
  const w = words(text);
  return examples
    .map((e) => ({ e, s: similarity(w, words(e.request)) }))
    .filter((x) => x.s >= threshold)
    .sort((a, b) => b.s - a.s)
    .slice(0, limit)
    .map((x) => x.e);
}

/** The example nearest to the request, if it is near enough to trust (Jaccard ≥ 0.75). */
export function matchExample(text: string, examples: Example[], threshold = 0.75): Example | undefined {
  const w = words(text);
  let best: { e: Example; s: number } | undefined;
  for (const e of examples) {
    const s = similarity(w, words(e.request));
    if (s >= threshold && (!best || s > best.s)) best = { e, s };
  }
  return best?.e;
}

/** The example's call, if what it refers to still exists in the inventory. */
export function applyExample(e: Example, _text: string, inv: Inventory): PlannedCall | undefined {
  const names = new Set([
    ...inv.assets.flatMap((a) => [a.name, a.path, a.database].filter(Boolean) as string[]),
    ...inv.policies.map((p) => p.name),
  ]);
  const refs = [e.input.asset, e.input.policy, ...((e.input.assets as string[] | undefined) ?? [])].filter(
    (v): v is string => typeof v === "string",
  );
  if (refs.some((r) => !names.has(r)) && !["addAsset", "createPolicy"].includes(e.toolName)) return undefined;
  return { toolName: e.toolName, input: { ...e.input } };
}
