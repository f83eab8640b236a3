// PGlite does not lock its folder, and two processes writing the same folder corrupt it (the
// second one also never sees the first one's writes). A pid file makes the second opener fail
// with a message that says what to do instead.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the folder for this process; returns the release function. */
export function lockPgliteFolder(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "db.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(file, "utf8").trim());
      if (holder && isAlive(holder)) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${holder}${holder === process.pid ? " (this one)" : ""}. ` +
            "Other processes reach it through that process's socket (run/db.sock) once it serves it; " +
            "or use the same PostgreSQL (DATABASE_URL) from both.",
        );
      }
      rmSync(file, { force: true }); // left by a process that died
    }
  }
  throw new Error(`Could not lock the embedded database in ${dataDir}`);
}
