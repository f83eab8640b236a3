// Ratings of the assistant's answers (issue 22, item 6): the chat's own user gives an answer a
// thumbs up or down, or takes the rating back. Stored on the message, so a resumed chat shows it
// and the learning loop can read which answers people found wrong.
import { and, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { chatMessages } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { getChat } from "./chats";
import type { ServiceContext } from "./context";
import { parseInput } from "./parse-input";

const ratingInput = z.object({
  messageId: z.string().min(1).max(200),
  rating: z.enum(["up", "down"]).nullable(),
});
export type RatingInput = z.input<typeof ratingInput>;
const value = { up: 1, down: -1 } as const;

export const rateMessage = service(
  "viewer",
  async function rateMessage(ctx: ServiceContext, chatId: string, input: RatingInput) {
    // Someone else's chat is "not found", as everywhere in chats.ts.
    const chat = await getChat(ctx, chatId);
    const { messageId, rating } = parseInput(ratingInput, input);
    const [rated] = await ctx.db
      .update(chatMessages)
      .set({ rating: rating ? value[rating] : null, ratedAt: rating ? new Date() : null })
      .where(
        and(
          eq(chatMessages.id, messageId),
          eq(chatMessages.chatId, chat.id),
          eq(chatMessages.role, "assistant"),
        ),
      )
      .returning({ id: chatMessages.id });
    if (!rated) throw new AppError("not_found", "No answer of the assistant with that id in this chat.");
    return { messageId: rated.id, rating };
  },
);

/** The ratings given in one of the caller's chats, by message id (kept apart from the parts the model reads). */
export const chatRatings = service(
  "viewer",
  async function chatRatings(ctx: ServiceContext, chatId: string): Promise<Record<string, "up" | "down">> {
    const chat = await getChat(ctx, chatId);
    const rows = await ctx.db
      .select({ id: chatMessages.id, rating: chatMessages.rating })
      .from(chatMessages)
      .where(and(eq(chatMessages.chatId, chat.id), isNotNull(chatMessages.rating)));
    return Object.fromEntries(rows.map((r) => [r.id, r.rating === 1 ? "up" : "down"]));
  },
);
