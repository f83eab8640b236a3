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
