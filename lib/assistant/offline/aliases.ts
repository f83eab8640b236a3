// Names learned from corrections (issue 22, item 6). An example whose approved call names one
// asset that its request never named ("back up the shop db now" → orders) teaches that the
// request's own words for it ("shop") mean that asset in any request: "restore the shop db to
// yesterday at 3pm" then resolves as well, while the grammar still reads what to do and when.
// Only words left once the grammar's own vocabulary is taken out count, and only one or two.
import type { Example } from "./examples";
import { CUES } from "./lexicon";
import { normalise } from "./text";
import type { Inventory } from "./types";

export interface Alias {
  /** A word of the organisation's own, normalised. */
  word: string;
  asset: string;
}

// Words that name no particular thing: articles, generic nouns, times and counts.
const GENERIC =
  /\b(?:the|a|an|my|our|this|that|these|those|it|its|one|db|database|databases|folder|folders|directory|site|website|files?|data|server|stuff|thing|please|now|today|tonight|yesterday|tomorrow|every|each|night|nights|day|days|week|weeks|month|months|hour|hours|minutes?|at|to|of|for|from|in|on|into|and|or|with|keep|last|latest|newest|am|pm|again|too|also|just|up)\b|数据库|资料库|目录|文件夹|网站|站点|的|库/g;

function assetOf(e: Example): string | undefined {
  const { asset, assets } = e.input as { asset?: unknown; assets?: unknown };
  if (typeof asset === "string") return asset;
  if (Array.isArray(assets) && assets.length === 1 && typeof assets[0] === "string") return assets[0];
  return undefined;
}

/** The words an organisation taught for its assets, from its examples (newest first wins). */
export function learnedAliases(examples: Example[], inv: Inventory): Alias[] {
  const known = new Set(
    [...inv.assets.flatMap((a) => [a.name, a.path, a.database]), ...inv.policies.map((p) => p.name)]
      .filter((n): n is string => Boolean(n))
      .map((n) => n.toLowerCase()),
  );
  const out: Alias[] = [];
  const taken = new Set<string>();
  for (const e of examples) {
    const name = assetOf(e);
    const asset = inv.assets.find((a) => a.name === name);
    if (!asset) continue;
    let text = normalise(e.request);
    // The request named the asset itself: the correction was about something else.
    if ([asset.name, asset.path, asset.database].some((n) => n && text.includes(n.toLowerCase()))) continue;
    for (const re of Object.values(CUES)) text = text.replace(new RegExp(re.source, "g"), " ");
    const words = (text.replace(GENERIC, " ").match(/[a-z][a-z0-9_-]{2,}|[\u4e00-\u9fff]{2,}/g) ?? []).filter(
      (w) => !known.has(w),
    );
    if (words.length < 1 || words.length > 2) continue;
    for (const word of words) {
      if (taken.has(word)) continue;
      taken.add(word);
      out.push({ word, asset: asset.name });
    }
  }
  return out;
}
