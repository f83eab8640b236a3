// Public liveness and readiness: answers without a session, says whether the database is up.
import { sql } from "drizzle-orm";
import { getDbHandle } from "@/db";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const handle = await getDbHandle();
    await handle.db.execute(sql`select 1`);
    return Response.json({ status: "ok", database: handle.driver });
  } catch {
    return Response.json({ status: "unavailable", database: "down" }, { status: 503 });
  }
}
