import type { Metadata } from "next";
import { Forbidden, PageHeader } from "@/components/ui/page-header";
import { CreateUserForm } from "@/components/users/create-user-form";
import { UserRow } from "@/components/users/user-row";
import { requirePageContext } from "@/lib/auth/next-context";
import { listUsers } from "@/lib/services/users";
import { changeRoleAction, createUserAction, setUserDisabledAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const { ctx, actor, allowed } = await requirePageContext("admin");
  const header = (
    <PageHeader title="Settings · Users" description="Who can sign in, and what each role may do." />
  );
  if (!allowed)
    return (
      <>
        {header}
        <Forbidden neededRole="admin" />
      </>
    );
  const users = await listUsers(ctx);
  return (
    <>
      {header}
      <CreateUserForm createUser={createUserAction} />
      <div className="mt-6 overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
        <table className="w-full min-w-[36rem] text-left">
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">User</th>
              <th className="px-3 py-2">Role</th>
              <th className="px-3 py-2">State</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                isSelf={user.id === actor.id}
                changeRole={changeRoleAction}
                setDisabled={setUserDisabledAction}
              />
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-4 text-xs text-slate-600">
        viewer: read everything · operator: also run backups, verify, restore to a new location · admin: also
        policies, assets, repositories, users and overwriting restores.
      </p>
    </>
  );
}
