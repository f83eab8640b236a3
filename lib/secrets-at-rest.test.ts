// Secrets stored through the secret box never reach the database files in plain text; a control
// value stored in the clear proves the scan would have found it.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { repositories } from "@/db/schema";
import { createTestPglite } from "@/db/testing";
import { createSecretBox } from "./secrets";

async function folderContains(dir: string, needle: string): Promise<boolean> {
  const bytes = Buffer.from(needle, "utf8");
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const content = await readFile(path.join(entry.parentPath, entry.name));
    if (content.includes(bytes)) return true;
  }
  return false;
}

describe("secrets in the embedded database", () => {
  it("are stored encrypted and read back with the key", async () => {
    const box = createSecretBox("at-rest-key-".repeat(4));
    const password = "Repo-Password-f3b1c2d9e8";
    const visibleName = "visible-repository-name-7c4e";
    const t = await createTestPglite();
    try {
      await t.db.insert(repositories).values({
        name: visibleName,
        url: "/srv/backups/repo",
        passwordEncrypted: box.encrypt(password),
      });
      const [row] = await t.db.select().from(repositories).where(eq(repositories.name, visibleName));
      expect(row?.passwordEncrypted).not.toContain(password);
      expect(box.decrypt(row?.passwordEncrypted as string)).toBe(password);
      await t.close();
      const dataDir = t.location.dataDir as string;
      expect(await folderContains(dataDir, visibleName)).toBe(true);
      expect(await folderContains(dataDir, password)).toBe(false);
    } finally {
      await t.destroy().catch(() => undefined);
    }
  });
});
