// Keyset pages for lists ordered newest first by (time, id): the cursor is the last row's
// "<time ISO>_<id>", and the next page is what comes strictly after it in that order, so rows
// arriving meanwhile never shift a page (OFFSET would repeat or skip them).
import { and, type Column, eq, lt, or, type SQL } from "drizzle-orm";
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

/** Rows after the cursor in (time desc, id desc) order. */
export function olderThan(time: Column, id: Column, cursor: KeysetCursor): SQL {
  return or(lt(time, cursor.at), and(eq(time, cursor.at), lt(id, cursor.id))) as SQL;
}

/** One page from `limit + 1` fetched rows, with the cursor of the next page (null on the last). */
export function keysetPage<Row>(rows: Row[], limit: number, cursorOf: (row: Row) => string) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextBefore: rows.length > limit && last ? cursorOf(last) : null };
}
