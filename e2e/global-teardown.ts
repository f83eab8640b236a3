import { rm } from "node:fs/promises";

export default async function globalTeardown() {
  const dir = process.env.LIFEBOAT_E2E_DATA_DIR;
  if (dir?.includes("lifeboat-e2e-")) await rm(dir, { recursive: true, force: true });
}
