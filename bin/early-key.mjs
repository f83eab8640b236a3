// Starts turning the repository password into a key before the CLI is loaded: scrypt takes
// 0.2-0.5 s, and loading the compiled CLI ~0.08 s (more from a cold disk) on the main thread,
// which until then was idle. This is a guess made from the command line alone (local
// repositories, the first key file): the engine uses the result only when password, salt and
// parameters match what it would derive (keyfile.ts, takeEarlyKey), and derives the key itself
// otherwise. The guess is returned to the launcher, which hands it to the CLI (runCli's
// earlyKeys), which passes it to Repository.open as an option: no global holds it. The launcher passes the engine's threaded scrypt from the compiled CLI when it has
// a fresh build; Node's own scrypt is the fallback. Plain JavaScript: it runs before anything
// can compile TypeScript.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

function flagValue(argv, long, short) {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") return undefined;
    if (arg === long || arg === short) return argv[i + 1];
    if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
  }
  return undefined;
}

/** Node's scrypt, when the build's threaded one cannot be loaded: (password, salt, {N, r, p}, keyLength). */
function nodeScrypt(password, salt, { N, r, p }, keyLength) {
  const maxmem = 128 * N * r + 128 * r * p + 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    crypto.scrypt(password, salt, keyLength, { N, r, p, maxmem }, (err, k) =>
      err ? reject(err) : resolve(k),
    );
  });
}

/**
 * `loadScrypt` resolves to the scrypt to use; it is called only when there is a key to derive,
 * so commands without a repository load nothing more. Returns the derivations started (at most
 * one), in the shape of the engine's EarlyKey.
 */
export function startKeyDerivation(
  argv = process.argv.slice(2),
  env = process.env,
  loadScrypt = async () => nodeScrypt,
) {
  try {
    const repo = flagValue(argv, "--repo", "-r") ?? env.RESTIC_REPOSITORY;
    if (!repo) return [];
    const local = repo.startsWith("local:") ? repo.slice("local:".length) : repo;
    if (/^[a-z][a-z0-9+]*:/.test(local)) return []; // s3: and the like
    // The CLI resolves paths from where the user typed them (INIT_CWD under npm run).
    const base = env.INIT_CWD || process.cwd();
    const passwordFile = flagValue(argv, "--password-file", "-p");
    const password =
      passwordFile !== undefined
        ? fs.readFileSync(path.resolve(base, passwordFile), "utf8").replace(/\r?\n$/, "")
        : (env.LIFEBOAT_PASSWORD ?? env.RESTIC_PASSWORD);
    if (password === undefined) return [];
    const keys = path.join(path.resolve(base, local), "keys");
    const [first] = fs.readdirSync(keys);
    if (!first) return [];
    const file = JSON.parse(fs.readFileSync(path.join(keys, first), "utf8"));
    if (file.kdf !== "scrypt" || typeof file.salt !== "string") return [];
    const { N, r, p } = file;
    const salt = Buffer.from(file.salt, "base64");
    const key = loadScrypt()
      .catch(() => nodeScrypt)
      .then((scrypt) => scrypt(Buffer.from(password, "utf8"), salt, { N, r, p }, 64));
    key.catch(() => undefined); // a wrong guess is simply not used
    return [{ password, salt: file.salt, N, r, p, key }];
  } catch {
    // Only a head start: anything unexpected is left to the CLI, which reports it properly.
    return [];
  }
}
