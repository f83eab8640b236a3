// addAsset: a folder, or a PostgreSQL database by its connection URL, after approval. The URL's
// password never comes back in the result (the service stores it encrypted).
import { AppError } from "@/lib/errors";
import { addAsset } from "@/lib/services/assets";
import { actionTool, type ToolContext } from "./context";

export const addAssetTool = (tc: ToolContext) =>
  actionTool(tc, "addAsset", async ({ kind, name, path, database }) => {
    if (kind === "directory") {
      if (!path) throw new AppError("invalid_input", "path: a folder asset needs its absolute path.");
      const a = await addAsset(tc.ctx, { kind, name, path });
      return { asset: a.name, kind: a.kind, path: a.path };
    }
    if (!database || !/^postgres(ql)?:\/\//.test(database)) {
      throw new AppError(
        "invalid_input",
        "database: a database asset needs its connection URL (postgres://…); add it under Assets to keep the password out of the chat.",
      );
    }
    const a = await addAsset(tc.ctx, { kind, name, databaseUrl: database });
    return { asset: a.name, kind: a.kind, database: a.databaseName };
  });
