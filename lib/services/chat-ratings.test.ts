// Ratings of answers on PGlite: the chat's user rates an answer up or down, changes it, takes it
// back; a user's own message, someone else's chat and a saved-again answer behave.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatMessages, users } from "@/db/schema";
import { createTestPglite, type TestDatabase } from "@/db/testing";
import { testActor, testContext } from "@/lib/auth/testing";
import { chatRatings, rateMessage } from "./chat-ratings";
import { createChat, saveChatMessages } from "./chats";

let t: TestDatabase;
const ctx = (id: string) => testContext(t.db, testActor("viewer", { id }));
let chatId: string;

beforeAll(async () => {
  t = await createTestPglite();
  for (const id of ["u1", "u2"]) {
    await t.db.insert(users).values({ id, name: id, email: `${id}@example.com`, role: "viewer" });
  }
  chatId = (await createChat(ctx("u1"))).id;
  await saveChatMessages(ctx("u1"), chatId, [
    { id: "q1", role: "user", parts: [{ type: "text", text: "status?" }] },
    {
      id: "a1",
      role: "assistant",
      parts: [{ type: "text", text: "All protected." }],
      model: "offline planner",
    },
  ]);
});
afterAll(async () => {
  await t?.destroy();
});

describe("rating answers", () => {
  it("stores, changes and takes back the chat user's rating of an answer", async () => {
    expect(await rateMessage(ctx("u1"), chatId, { messageId: "a1", rating: "down" })).toEqual({
      messageId: "a1",
      rating: "down",
    });
    expect(await chatRatings(ctx("u1"), chatId)).toEqual({ a1: "down" });
    await rateMessage(ctx("u1"), chatId, { messageId: "a1", rating: "up" });
    const [row] = (await t.db.select().from(chatMessages)).filter((m) => m.id === "a1");
    expect(row).toMatchObject({ rating: 1, ratedAt: expect.any(Date) });
    // The pipeline saves the message again as it grows: the rating stays.
    await saveChatMessages(ctx("u1"), chatId, [
      { id: "a1", role: "assistant", parts: [{ type: "text", text: "All protected (2)." }] },
    ]);
    expect(await chatRatings(ctx("u1"), chatId)).toEqual({ a1: "up" });
    await rateMessage(ctx("u1"), chatId, { messageId: "a1", rating: null });
    expect(await chatRatings(ctx("u1"), chatId)).toEqual({});
  });

  it("refuses the user's own message, unknown ids, bad values and other people's chats", async () => {
    await expect(rateMessage(ctx("u1"), chatId, { messageId: "q1", rating: "up" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(rateMessage(ctx("u1"), chatId, { messageId: "nope", rating: "up" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      rateMessage(ctx("u1"), chatId, { messageId: "a1", rating: "meh" as never }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(rateMessage(ctx("u2"), chatId, { messageId: "a1", rating: "down" })).rejects.toMatchObject({
      code: "not_found:chat",
    });
    await expect(chatRatings(ctx("u2"), chatId)).rejects.toMatchObject({ code: "not_found:chat" });
    expect(await chatRatings(ctx("u1"), chatId)).toEqual({});
  });
});
