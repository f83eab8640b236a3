import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { workerExecArgv } from "./worker-file";

describe("worker threads' Node flags", () => {
  it("drop tsx's loader (the entries register it themselves) and keep every other flag", () => {
    expect(
      workerExecArgv([
        "--import",
        "tsx",
        "--conditions",
        "node",
        "--import=tsx",
        "--max-old-space-size=512",
        "--import",
        "./x.mjs",
      ]),
    ).toEqual(["--conditions", "node", "--max-old-space-size=512", "--import", "./x.mjs"]);
  });

  it("drop the main thread's young-generation cap, which Node refuses in a worker", () => {
    expect(workerExecArgv(["--max-semi-space-size=2", "--enable-source-maps"])).toEqual([
      "--enable-source-maps",
    ]);
  });

  it("drop V8's --perf-* profiling flags and the tier-up budget, which Node refuses in a worker", async () => {
    const start = (execArgv: string[]) =>
      new Promise<string>((resolve) => {
        try {
          const w = new Worker("require('node:worker_threads').parentPort.postMessage('up')", {
            eval: true,
            execArgv,
          });
          w.once("message", (m) => void w.terminate().then(() => resolve(String(m))));
          w.once("error", (e) => resolve(e.message));
        } catch (e) {
          resolve((e as Error).message);
        }
      });
    expect(await start(["--perf-basic-prof"])).toMatch(/invalid execArgv/);
    expect(workerExecArgv(["--perf-basic-prof", "--perf-prof-unwinding-info"])).toEqual([]);
    expect(await start(workerExecArgv(["--perf-basic-prof", "--enable-source-maps"]))).toBe("up");
    expect(await start(["--interrupt-budget=600000"])).toMatch(/invalid execArgv/);
    expect(await start(workerExecArgv(["--interrupt-budget=600000"]))).toBe("up");
  });
});
