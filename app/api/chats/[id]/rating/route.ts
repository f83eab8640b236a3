// Rate one answer of the signed-in user's chat: POST {messageId, rating: "up" | "down" | null}.
import { guardRoute } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { rateMessage } from "@/lib/services/chat-ratings";

export const dynamic = "force-dynamic";

export const POST = guardRoute("viewer", async (ctx, request, route) => {
  const body = await request.json().catch(() => {
    throw new AppError("invalid_input", "Send JSON: {messageId, rating}.");
  });
  return Response.json(await rateMessage(ctx, String((await route.params).id), body));
});
