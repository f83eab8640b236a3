// Run by directory.test.ts as an unprivileged user (root reads every file whatever its mode, so
// an unreadable file can only be shown as someone else): backs up a folder, prints the warnings.
import { LocalBackend, Repository } from "@/lib/engine";
import { backupDirectory } from "../directory";

const [repoDir, folder, password] = process.argv.slice(2) as [string, string, string];
const repo = await Repository.open(new LocalBackend(repoDir), password);
const result = await backupDirectory(
  repo,
  { kind: "directory", path: folder, excludes: [] },
  { hostname: "h", tags: [] },
);
process.stdout.write(JSON.stringify({ fileCount: result.fileCount, warnings: result.warnings }));
