// The assistant's conversations, saved per user: only their owner lists, resumes or deletes them.
// Messages are stored as the AI SDK's UI message parts; the server's copy is the one that counts
// (the browser sends only what is new), so a client cannot rewrite what the model or tools said.
import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { chatMessages, chats } from "@/db/schema";
import { service } from "@/lib/auth/context";
import type { Actor } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "./context";
import { parseInput } from "./parse-input";

export type ChatRow = typeof chats.$inferSelect;
export interface StoredMessage {
  id: string;
  role: "user" | "assistant" | "system";
  parts: unknown[];
  model?: string | null;
}

const chatId = z.string().uuid({ message: "a chat id looks like 8-4-4-4-12 hexadecimal digits" });

/** Chats belong to a signed-in person; the CLI's local administrator has none saved. */
function ownerOf(actor: Actor): string {
  if (!actor.id) throw new AppError("invalid_input", "Chats are saved for signed-in users only.");
  return actor.id;
}

export const createChat = service(
  "viewer",
  async function createChat(
    ctx: ServiceContext,
    input: { title?: string; id?: string } = {},
  ): Promise<ChatRow> {
    const userId = ownerOf(ctx.actor);
    const title = (input.title ?? "New chat").trim().slice(0, 80) || "New chat";
    const id = input.id === undefined ? undefined : parseInput(chatId, input.id);
    const [row] = await ctx.db
      .insert(chats)
      .values({ userId, title, ...(id ? { id } : {}) })
      .onConflictDoNothing()
      .returning();
    // The id is someone else's chat: say nothing about it.
    if (!row) throw new AppError("not_found:chat", `No chat ${input.id}.`);
    return row;
  },
);

/** The caller's chat with this id, started when it does not exist yet (the browser names new chats). */
export const openChat = service("viewer", async function openChat(ctx: ServiceContext, id: string) {
  const userId = ownerOf(ctx.actor);
  const parsed = parseInput(chatId, id);
  const [row] = await ctx.db.select().from(chats).where(eq(chats.id, parsed));
  if (row && row.userId === userId) return row;
  if (row) throw new AppError("not_found:chat", `No chat ${id}.`);
  return createChat(ctx, { id: parsed });
});

export const listChats = service("viewer", async function listChats(ctx: ServiceContext): Promise<ChatRow[]> {
  const userId = ownerOf(ctx.actor);
  return ctx.db
    .select()
    .from(chats)
    .where(eq(chats.userId, userId))
    .orderBy(desc(chats.updatedAt))
    .limit(100);
});

/** The chat if it is the caller's; someone else's chat is "not found", not "forbidden". */
export const getChat = service(
  "viewer",
  async function getChat(ctx: ServiceContext, id: string): Promise<ChatRow> {
    const userId = ownerOf(ctx.actor);
    const parsed = parseInput(chatId, id);
    const [row] = await ctx.db
      .select()
      .from(chats)
      .where(and(eq(chats.id, parsed), eq(chats.userId, userId)));
    if (!row) throw new AppError("not_found:chat", `No chat ${id}.`);
    return row;
  },
);

export const getChatMessages = service(
  "viewer",
  async function getChatMessages(ctx: ServiceContext, id: string): Promise<StoredMessage[]> {
    const chat = await getChat(ctx, id);
    const rows = await ctx.db
      .select()
      .from(chatMessages)
      .where(eq(chatMessages.chatId, chat.id))
      .orderBy(asc(chatMessages.createdAt), asc(chatMessages.id));
    return rows.map((r) => ({
      id: r.id,
      role: r.role as StoredMessage["role"],
      parts: r.parts,
      model: r.model,
    }));
  },
);

/** Inserts new messages and replaces changed ones (a message grows as tools answer and approvals land). */
export const saveChatMessages = service(
  "viewer",
  async function saveChatMessages(ctx: ServiceContext, id: string, messages: StoredMessage[]) {
    const chat = await getChat(ctx, id);
    await ctx.db.transaction(async (tx) => {
      for (const m of messages) {
        await tx
          .insert(chatMessages)
          .values({ id: m.id, chatId: chat.id, role: m.role, parts: m.parts, model: m.model ?? null })
          .onConflictDoUpdate({ target: chatMessages.id, set: { parts: m.parts } });
      }
      const firstText = chat.title === "New chat" ? firstUserText(messages) : null;
      await tx
        .update(chats)
        .set({ updatedAt: new Date(), ...(firstText ? { title: firstText.slice(0, 80) } : {}) })
        .where(eq(chats.id, chat.id));
    });
  },
);

export const deleteChat = service(
  "viewer",
  async function deleteChat(ctx: ServiceContext, id: string): Promise<void> {
    const chat = await getChat(ctx, id);
    await ctx.db.delete(chats).where(eq(chats.id, chat.id));
  },
);

function firstUserText(messages: StoredMessage[]): string | null {
  for (const m of messages) {
    if (m.role !== "user") continue;
    for (const p of m.parts as { type?: string; text?: string }[]) {
      if (p.type === "text" && p.text?.trim()) return p.text.trim();
    }
  }
  return null;
}
