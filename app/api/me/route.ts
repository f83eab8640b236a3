// Who the session belongs to: for client components and scripts that hold a session cookie.
import { guardRoute } from "@/lib/auth/guard";

export const dynamic = "force-dynamic";

export const GET = guardRoute("viewer", async ({ actor }) =>
  Response.json({ id: actor.id, email: actor.email, role: actor.role }),
);
