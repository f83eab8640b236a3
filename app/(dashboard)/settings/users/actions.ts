"use server";
// Thin wrappers: the session and role checks are in guardAction and in the services.
import { revalidatePath } from "next/cache";
import { guardAction } from "@/lib/auth/guard";
import { changeRole, createUser, setUserDisabled } from "@/lib/services/users";

type RoleName = "viewer" | "operator" | "admin";

export const createUserAction = guardAction(
  "admin",
  async (ctx, input: { email: string; name?: string; role: RoleName; password: string }) => {
    const user = await createUser(ctx, input);
    revalidatePath("/settings/users");
    return { id: user.id, email: user.email };
  },
);

export const changeRoleAction = guardAction(
  "admin",
  async (ctx, input: { userId: string; role: RoleName }) => {
    await changeRole(ctx, input);
    revalidatePath("/settings/users");
    return null;
  },
);

export const setUserDisabledAction = guardAction(
  "admin",
  async (ctx, input: { userId: string; disabled: boolean }) => {
    await setUserDisabled(ctx, input);
    revalidatePath("/settings/users");
    return null;
  },
);
