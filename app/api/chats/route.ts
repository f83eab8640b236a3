// The signed-in user's saved chats: list them, or start a new one.
import { guardRoute } from "@/lib/auth/guard";
import { createChat, listChats } from "@/lib/services/chats";

export const dynamic = "force-dynamic";

export const GET = guardRoute("viewer", async (ctx) => {
  const chats = await listChats(ctx);
  return Response.json(chats.map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt })));
});

export const POST = guardRoute("viewer", async (ctx) => {
  const chat = await createChat(ctx);
  return Response.json({ id: chat.id, title: chat.title }, { status: 201 });
});
