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
});
