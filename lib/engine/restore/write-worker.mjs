// Worker entry: makes TypeScript loadable in this thread (workers do not inherit the parent's
// loader under every runner), then runs the real worker. A compiled build (bin/build-cli.mjs)
// puts the compiled write-worker.mjs in this file's place.
import { register } from "tsx/esm/api";

register();
await import("./write-worker.ts");
