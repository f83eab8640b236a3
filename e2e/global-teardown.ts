import { rm } from "node:fs/promises";

export default async function globalTeardown() {
  const dir = process.env.LIFEBOAT_E2E_DATA_DIR;
  if (dir?.includes("lifeboat-e2e-")) await rm(dir, { recursive: true, force: true });
  // The PostgreSQL run's database (see playwright.config.ts).
  const url = process.env.E2E_DATABASE_URL;
  const name = url ? new URL(url).pathname.slice(1) : "";
  if (url && /^lifeboat_e2e_\w+$/.test(name)) {
    const { default: postgres } = await import("postgres");
    const admin = new URL(url);
    admin.pathname = "/postgres";
    const sql = postgres(admin.toString(), { max: 1, onnotice: () => undefined });
    await sql.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await sql.end();
  }
}
