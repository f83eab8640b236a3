// Which asset or policy a request means, resolved against the inventory: one named, one implied
// by a generic noun ("the database" when there is one), or a question naming the candidates.
import { chosenAssets, chosenPolicies } from "./entities";
import { Q } from "./phrases";
import type { Inventory, InventoryAsset } from "./types";
import type { Understanding } from "./understand";

export type Pick<T> = { value: T } | { question: string };

export function oneAsset(u: Understanding, inv: Inventory): Pick<InventoryAsset> {
  const named = chosenAssets(u.entities, inv);
  if (named.length === 1) return { value: named[0] };
  if (named.length > 1)
    return {
      question: Q.whichAsset(
        u.lang,
        named.map((a) => a.name),
      ),
    };
  const g = u.entities.generic;
  const negated = new Set(u.entities.assets.filter((m) => m.negated).map((m) => m.value.name));
  const all = (g && g.noun !== "asset" ? g.candidates : inv.assets).filter((a) => !negated.has(a.name));
  const candidates = byNamePart(u.text, all);
  if (candidates.length === 1) return { value: candidates[0] };
  return {
    question: Q.whichAsset(
      u.lang,
      candidates.map((a) => a.name),
      g?.noun ?? "asset",
    ),
  };
}

/**
 * The assets a request names by a part of their name ("the shop" for shop-www and shop-wiki;
 * "the shop wiki" for shop-wiki alone): the ones sharing most words with it, or all when none does.
 */
function byNamePart(text: string, assets: InventoryAsset[]): InventoryAsset[] {
  const words = new Set(text.split(/[^a-z0-9\u4e00-\u9fff]+/).filter((w) => w.length >= 3));
  const scored = assets.map((a) => ({
    a,
    n: new Set(
      a.name
        .toLowerCase()
        .split(/[-_.\s]+/)
        .filter((part) => words.has(part)),
    ).size,
  }));
  const best = Math.max(0, ...scored.map((x) => x.n));
  return best ? scored.filter((x) => x.n === best).map((x) => x.a) : assets;
}

export function optionalAsset(u: Understanding, inv: Inventory): string | undefined {
  const named = chosenAssets(u.entities, inv);
  if (named.length === 1) return named[0].name;
  const g = u.entities.generic;
  if (!named.length && g && g.noun !== "asset" && g.candidates.length === 1) return g.candidates[0].name;
  return undefined;
}

export function onePolicy(u: Understanding, inv: Inventory): Pick<string> {
  const named = chosenPolicies(u.entities);
  if (named.length === 1) return { value: named[0] };
  if (named.length > 1) return { question: Q.whichPolicy(u.lang, named) };
  // "the policy for www": the policies that cover the named assets.
  const assets = new Set(chosenAssets(u.entities, inv).map((a) => a.name));
  const covering = assets.size
    ? inv.policies.filter((p) => p.assets.some((a) => assets.has(a)))
    : inv.policies;
  if (covering.length === 1) return { value: covering[0].name };
  return {
    question: Q.whichPolicy(
      u.lang,
      covering.map((p) => p.name),
    ),
  };
}

export const iso = (d: Date) => d.toISOString().replace(/\.000Z$/, "Z");

/** Before/after bounds for look-ups: "before X", "after X", "from yesterday", "in the last 3 days". */
export function range(u: Understanding, now: Date): { before?: string; after?: string } {
  const out: { before?: string; after?: string } = {};
  for (const t of u.times) {
    if (t.relation === "before") out.before = iso(t.dateOnly ? t.dayStart : t.instant);
    else if (t.relation === "after") out.after = iso(t.dateOnly ? t.dayStart : t.instant);
    else if (t.dateOnly) {
      out.after = iso(t.dayStart);
      if (t.dayEnd < now) out.before = iso(t.dayEnd);
    } else out.after = iso(t.instant);
  }
  const last = u.masked.match(
    /\b(?:in |over |during )?the (?:last|past) (\d+)? ?(hour|day|week|month)s?\b|(?:最近|过去|近)\s*(\d+)?\s*(小时|天|周|个月|月)/,
  );
  if (last && !out.after) {
    const n = Number(last[1] ?? last[3] ?? 1);
    const unit = last[2] ?? last[4];
    const ms =
      {
        hour: 3.6e6,
        小时: 3.6e6,
        day: 8.64e7,
        天: 8.64e7,
        week: 6.048e8,
        周: 6.048e8,
        month: 2.592e9,
        个月: 2.592e9,
        月: 2.592e9,
      }[unit] ?? 8.64e7;
    out.after = iso(new Date(now.getTime() - n * ms));
  }
  return out;
}
