// Where a worker thread's entry file is: next to the module that starts it. The URL is built at
// run time, not written as `new URL("./x.mjs", import.meta.url)`, because bundlers follow that
// literal form into the entry (and its tsx loader) and fail: Next bundles route handlers that
// only read repositories. Code that starts workers (the CLI, the job runtime) runs unbundled.
export function siblingFile(moduleUrl: string, name: string): URL {
  return new URL(name, moduleUrl);
}

/**
 * The parent's Node flags minus `--import tsx`: the source entries register tsx themselves, and
 * a bare "tsx" is resolved from the working directory, which the CLI changes to the user's
 * folder (where tsx is not installed), so inheriting it made every worker fail to start.
 * Minus `--max-semi-space-size` too (bin/lifeboat starts the CLI with it): Node refuses a
 * worker that inherits it, and workers size their young generation through resourceLimits.
 * Minus V8's `--perf-*` profiling flags and `--interrupt-budget` (bin/lifeboat's): Node
 * refuses them in a worker too, and V8's flags are the whole process's, so workers run under
 * them anyway (`node --perf-basic-prof` under `perf record` names JS frames in every thread).
 */
const WORKER_REFUSES = ["--max-semi-space-size", "--perf-", "--interrupt-budget"];

export function workerExecArgv(parent: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const flag = parent[i] as string;
    if ((flag === "--import" || flag === "--loader") && parent[i + 1] === "tsx") {
      i++;
      continue;
    }
    if (flag === "--import=tsx" || flag === "--loader=tsx") continue;
    if (WORKER_REFUSES.some((prefix) => flag.startsWith(prefix))) continue;
    out.push(flag);
  }
  return out;
}
