// Opens the engine repository behind a `repositories` row: decrypts its password and backend
// credentials with the secret box and hands them to the engine, which never sees the database.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { repositories } from "@/db/schema";
import { type BackendCredentials, openBackend, Repository } from "@/lib/engine";
import type { SecretBox } from "@/lib/secrets";

export type RepositoryRow = typeof repositories.$inferSelect;

/** Stored encrypted in `repositories.credentials_encrypted`. */
export type StoredCredentials = BackendCredentials;

export function decryptCredentials(row: RepositoryRow, secrets: SecretBox): StoredCredentials {
  return row.credentialsEncrypted
    ? (JSON.parse(secrets.decrypt(row.credentialsEncrypted)) as StoredCredentials)
    : {};
}

export function openRepositoryRow(row: RepositoryRow, secrets: SecretBox): Promise<Repository> {
  const backend = openBackend(row.url, decryptCredentials(row, secrets));
  return Repository.open(backend, secrets.decrypt(row.passwordEncrypted));
}

export async function openRepositoryById(db: Db, id: string, secrets: SecretBox): Promise<Repository> {
  const [row] = await db.select().from(repositories).where(eq(repositories.id, id));
  if (!row) throw new Error(`repository ${id} does not exist (any more)`);
  return openRepositoryRow(row, secrets);
}
