"use server";
import { publicAction } from "@/lib/auth/guard";
import { createFirstAdmin } from "@/lib/services/users";

/** First-run setup; the service refuses with `conflict` as soon as any user exists. */
export const setupFirstAdmin = publicAction(
  async (ctx, input: { name?: string; email: string; password: string }) => {
    const user = await createFirstAdmin(ctx, input);
    return { email: user.email };
  },
);
