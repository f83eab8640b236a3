// better-auth's own endpoints (sign-in, sign-out, session). Public by nature: they are how a
// session is obtained; public sign-up is disabled in lib/auth/auth.ts.
import { getAuth } from "@/lib/auth/server";

export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  return (await getAuth()).handler(request);
}

export const GET = handle;
export const POST = handle;
