// Secrets at rest (repository passwords, database URLs, S3 keys): AES-256-GCM with a key derived
// from LIFEBOAT_SECRET. The stored form is versioned so the scheme can change later.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const PREFIX = "lb1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

/** Any secret string becomes a 32-byte key; the label keeps this key apart from other uses. */
export function deriveKey(secret: string, label = "lifeboat/secrets-at-rest"): Buffer {
  return createHash("sha256").update(label).update("\0").update(secret).digest();
}

export function createSecretBox(secret: string): SecretBox {
  const key = deriveKey(secret);
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
    },
    decrypt(stored) {
      if (!stored.startsWith(PREFIX)) throw new Error("Not an encrypted Lifeboat secret");
      const raw = Buffer.from(stored.slice(PREFIX.length), "base64");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        throw new Error(
          "Cannot decrypt a stored secret: LIFEBOAT_SECRET differs from the one that encrypted it",
        );
      }
    },
  };
}
