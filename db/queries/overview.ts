// Read-only figures for the Overview page.
import { count } from "drizzle-orm";
import type { Db } from "../client";
import { assets, jobs, policies, restorePoints } from "../schema";

export async function overviewCounts(db: Db) {
  const [a, p, r, j] = await Promise.all([
    db.select({ n: count() }).from(assets),
    db.select({ n: count() }).from(policies),
    db.select({ n: count() }).from(restorePoints),
    db.select({ n: count() }).from(jobs),
  ]);
  return {
    assets: Number(a[0]?.n ?? 0),
    policies: Number(p[0]?.n ?? 0),
    restorePoints: Number(r[0]?.n ?? 0),
    jobs: Number(j[0]?.n ?? 0),
  };
}
