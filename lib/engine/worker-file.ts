// Where a worker thread's entry file is: next to the module that starts it. The URL is built at
// run time, not written as `new URL("./x.mjs", import.meta.url)`, because bundlers follow that
// literal form into the entry (and its tsx loader) and fail: Next bundles route handlers that
// only read repositories. Code that starts workers (the CLI, the job runtime) runs unbundled.
export function siblingFile(moduleUrl: string, name: string): URL {
  return new URL(name, moduleUrl);
}
