// Pages ask here who is signed in; without a valid session they redirect to sign-in, and a page
// that needs more than the user's role shows why instead of rendering.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import type { Role } from "./roles";
import { hasRole } from "./roles";
import { contextFromHeaders } from "./server";

export async function requirePageContext(role: Role = "viewer") {
  await connection();
  const { db, actor } = await contextFromHeaders(await headers());
  if (!actor) redirect("/sign-in");
  return { db, actor, allowed: hasRole(actor, role) };
}
