// Keyset pages for lists ordered newest first by (time, id): the cursor is the last row's
// "<time ISO>_<id>", and the next page is what comes strictly after it in that order, so rows
// arriving meanwhile never shift a page (OFFSET would repeat or skip them).
import { type Column, type SQL, sql } from "drizzle-orm";
import { z } from "zod";

export const keysetCursor = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z_[0-9a-f-]{36}$/i, { message: "not a page cursor" })
  .transform((c) => {
    const [at, id] = c.split("_") as [string, string];
    return { at: new Date(at), id };
  });

export type KeysetCursor = z.output<typeof keysetCursor>;

export const keysetCursorOf = (at: Date, id: string) => `${new Date(at).toISOString()}_${id}`;

/**
 * Rows after the cursor in (time desc, id desc) order. A row comparison, which an index on
 * (time, id) answers as a range; the equivalent OR became a filter over every newer row (13.8 ms
 * instead of 0.25 ms half way down 100,000 restore points).
 */
export function olderThan(time: Column, id: Column, cursor: KeysetCursor): SQL {
  return sql`(${time}, ${id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
}

/** One page from `limit + 1` fetched rows, with the cursor of the next page (null on the last). */
export function keysetPage<Row>(rows: Row[], limit: number, cursorOf: (row: Row) => string) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextBefore: rows.length > limit && last ? cursorOf(last) : null };
}
