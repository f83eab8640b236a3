// Worker entry: makes TypeScript loadable in this thread (workers do not inherit the parent's
// loader under every runner), then runs the real worker.
import { register } from "tsx/esm/api";

register();
await import("./file-worker.ts");
