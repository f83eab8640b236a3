// Tests that need a program from outside npm (restic, chromium, a PostgreSQL server) use these.
// Under CI=true a missing program is a failure; elsewhere the tests are skipped with one line
// that says how to install it, so the README's test command passes on a fresh machine.
import { execFileSync } from "node:child_process";
import net from "node:net";

const inCI = process.env.CI === "true";

function hasProgram(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** True when the program is missing and the tests that need it should be skipped. */
export function skipWithout(program: string, installHint: string): boolean {
  if (hasProgram(program)) return false;
  if (inCI) throw new Error(`${program} is required in CI but missing: ${installHint}`);
  console.warn(`skipping tests that need ${program}: ${installHint}`);
  return true;
}

export const skipWithoutRestic = () => skipWithout("restic", "apt-get install restic");

/** PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth). */
export async function skipWithoutPostgres(): Promise<boolean> {
  const up = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: 5432 });
    socket.once("connect", () => resolve(true));
    socket.once("error", () => resolve(false));
    socket.setTimeout(2000, () => resolve(false));
  }).finally(() => undefined);
  if (up) return false;
  if (inCI) throw new Error("PostgreSQL is required in CI but not reachable at 127.0.0.1:5432");
  console.warn(
    "skipping tests that need PostgreSQL: start a server at 127.0.0.1:5432 (user postgres, trust)",
  );
  return true;
}
