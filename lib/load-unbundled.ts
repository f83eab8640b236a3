// Loads a TypeScript module of this project at run time through tsx, outside Next's bundle.
// The job runtime needs this: the engine starts worker threads from a file next to its own
// source (lib/engine/backup/file-worker.mjs), which a bundler cannot follow, and native
// addons load best from node_modules as they are. Only instrumentation.ts uses it.
import path from "node:path";
import { pathToFileURL } from "node:url";

let registered = false;

export async function importUnbundled<T>(projectRelativePath: string): Promise<T> {
  if (!registered) {
    const tsxApi = "tsx/esm/api";
    const { register } = await import(/* turbopackIgnore: true */ /* webpackIgnore: true */ tsxApi);
    register();
    registered = true;
  }
  // `next dev` and `next start` run in the project folder.
  const url = pathToFileURL(path.join(/* turbopackIgnore: true */ process.cwd(), projectRelativePath)).href;
  return import(/* turbopackIgnore: true */ /* webpackIgnore: true */ url);
}
