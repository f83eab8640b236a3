// One saved chat of the signed-in user: its messages (to resume it, with the user's ratings of
// answers), or delete it.
import { guardRoute } from "@/lib/auth/guard";
import { chatRatings } from "@/lib/services/chat-ratings";
import { deleteChat, getChat, getChatMessages } from "@/lib/services/chats";

export const dynamic = "force-dynamic";

const idOf = async (route: { params: Promise<Record<string, string | string[]>> }) =>
  String((await route.params).id);

export const GET = guardRoute("viewer", async (ctx, _request, route) => {
  const id = await idOf(route);
  const chat = await getChat(ctx, id);
  const [messages, ratings] = await Promise.all([getChatMessages(ctx, id), chatRatings(ctx, id)]);
  return Response.json({
    id: chat.id,
    title: chat.title,
    messages: messages.map((m) => ({
      id: m.id,
      role: m.role,
      parts: m.parts,
      metadata: { model: m.model, ...(ratings[m.id] ? { rating: ratings[m.id] } : {}) },
    })),
  });
});

export const DELETE = guardRoute("viewer", async (ctx, _request, route) => {
  await deleteChat(ctx, await idOf(route));
  return new Response(null, { status: 204 });
});
