// Where a restore goes when nobody says: next to the original, named by the time it was asked
// for, so it can never land on top of live data by default.

/** 2026-11-28T21:45:03Z → "20261128-214503" (UTC). */
export function restoreStamp(now: Date, separator = "-"): string {
  const iso = now.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  return `${iso.slice(0, 10).replaceAll("-", "")}${separator}${iso.slice(11, 19).replaceAll(":", "")}`;
}

/** `/srv/www` → `/srv/www.restored-20261128-214503` */
export function defaultDirectoryTarget(originalPath: string, now: Date): string {
  return `${originalPath.replace(/\/+$/, "")}.restored-${restoreStamp(now)}`;
}

const MAX_IDENTIFIER = 63;

/** `orders` → `orders_restored_20261128_214503`, kept within PostgreSQL's 63-byte names. */
export function defaultDatabaseTarget(databaseName: string, now: Date): string {
  const suffix = `_restored_${restoreStamp(now, "_")}`;
  return `${databaseName.slice(0, MAX_IDENTIFIER - suffix.length)}${suffix}`;
}

/** Names Lifeboat creates or drops: plain identifiers only, so they never need quoting tricks. */
export function assertDatabaseName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(name)) {
    throw new Error(
      `"${name}" is not a database name Lifeboat restores into: use letters, digits and _ (at most 63)`,
    );
  }
}

/** How long a scratch database may stand unused before a later restore takes it as abandoned. */
export const ABANDONED_AFTER_MS = 24 * 3600_000;

/**
 * A database a restore fills before renaming it, or a drill restores into: the time it was made
 * is in its name, so one left by a killed worker can be recognised and dropped later.
 */
export function scratchDatabaseName(kind: "restore" | "drill", now: Date, random: string): string {
  return `lifeboat_${kind}_${restoreStamp(now, "t").toLowerCase()}_${random}`;
}

const SCRATCH = /^lifeboat_(?:restore|drill)_(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2})(\d{2})_[0-9a-f]+$/;

/** When a scratch database was made, or null for any other name. */
export function scratchDatabaseTime(name: string): Date | null {
  const m = SCRATCH.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}
