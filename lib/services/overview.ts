// The Overview page's figures, read through a service like every page's data.
import { overviewCounts as countRows } from "@/db/queries/overview";
import { service } from "@/lib/auth/context";
import type { ServiceContext } from "./context";

export const overviewCounts = service("viewer", async function overviewCounts(ctx: ServiceContext) {
  return countRows(ctx.db);
});
