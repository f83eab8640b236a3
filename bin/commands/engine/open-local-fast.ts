// Opens --repo for prune, check, key, unlock and copy. open-backend imports the S3 SDK eagerly
// (~150 ms), most of a small prune's run time, so plain local paths skip it; anything else goes
// through the shared openRepository (which also reports unsupported schemes).
import type { Repository } from "@/lib/engine/repository";
import { openRepository, readPassword, repoUrl } from "./repo-flags";

function localPath(url: string): string | null {
  if (url.startsWith("local:")) return url.slice("local:".length) || null;
  return /^[a-z][a-z0-9+]*:/i.test(url) ? null : url;
}

export async function openRepo(values: { repo?: string; "password-file"?: string }): Promise<Repository> {
  const path = localPath(repoUrl(values.repo));
  if (path === null) return openRepository(values);
  const [{ LocalBackend }, { Repository }, password] = await Promise.all([
    import("@/lib/engine/backend/local"),
    import("@/lib/engine/repository"),
    readPassword(values["password-file"]),
  ]);
  return Repository.open(new LocalBackend(path), password);
}
