// The assistant's chat: one streamed turn (a message, or decisions on drafted actions) for the
// signed-in user. Everything is in lib/assistant/chat-turn.ts; this file only wires the request.
import { runChatTurn } from "@/lib/assistant/chat-turn";
import { guardRoute } from "@/lib/auth/guard";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const POST = guardRoute("viewer", async (ctx, request) =>
  runChatTurn(ctx, await request.json(), { settings: env(), signal: request.signal }),
);
