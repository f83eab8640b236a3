// A deterministic data set for the engine benchmark: many small files, a few large random
// files, and compressible text, plus a "5% change" step. Seeded, so every run is comparable.
import { createCipheriv } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/** Fast deterministic bytes: AES-CTR keystream over a seed. */
export function seededBytes(seed: string, length: number): Buffer {
  const key = Buffer.alloc(32);
  key.write(seed.padEnd(32, "."));
  const cipher = createCipheriv("aes-256-ctr", key, Buffer.alloc(16));
  return cipher.update(Buffer.alloc(length));
}

const WORDS =
  "backup restore snapshot policy retention database orders invoice customer payment shipped warehouse error warning info request latency".split(
    " ",
  );

function textBytes(seed: string, length: number): Buffer {
  const noise = seededBytes(seed, Math.ceil(length / 4));
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const w = (k: number) => WORDS[noise[(i * 7 + k) % noise.length] % WORDS.length];
    const line = `2026-11-${String((i % 28) + 1).padStart(2, "0")}T12:${String(i % 60).padStart(2, "0")}:00Z ${w(0)} ${w(1)} id=${noise.readUInt32LE((i * 4) % (noise.length - 4))} ${w(2)} ${w(3)}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join("")).subarray(0, length);
}

export interface DatasetSpec {
  smallFiles: number;
  largeFiles: number;
  largeFileBytes: number;
  textFiles: number;
  textFileBytes: number;
}

export const FULL: DatasetSpec = {
  smallFiles: 10_000,
  largeFiles: 6,
  largeFileBytes: 24 << 20,
  textFiles: 12,
  textFileBytes: 8 << 20,
};
export const QUICK: DatasetSpec = {
  smallFiles: 600,
  largeFiles: 2,
  largeFileBytes: 6 << 20,
  textFiles: 2,
  textFileBytes: 3 << 20,
};

export async function makeDataset(root: string, spec: DatasetSpec): Promise<number> {
  await fs.rm(root, { recursive: true, force: true });
  let total = 0;
  for (let i = 0; i < spec.smallFiles; i++) {
    const dir = path.join(root, "small", `d${String(Math.floor(i / 100)).padStart(3, "0")}`);
    if (i % 100 === 0) await fs.mkdir(dir, { recursive: true });
    const size = 1024 + ((i * 7919) % 20_000);
    const data = i % 3 === 0 ? textBytes(`s${i}`, size) : seededBytes(`s${i}`, size);
    await fs.writeFile(path.join(dir, `f${i}.dat`), data);
    total += size;
  }
  await fs.mkdir(path.join(root, "large"), { recursive: true });
  for (let i = 0; i < spec.largeFiles; i++) {
    await fs.writeFile(path.join(root, "large", `big${i}.bin`), seededBytes(`L${i}`, spec.largeFileBytes));
    total += spec.largeFileBytes;
  }
  await fs.mkdir(path.join(root, "text"), { recursive: true });
  for (let i = 0; i < spec.textFiles; i++) {
    await fs.writeFile(path.join(root, "text", `log${i}.txt`), textBytes(`T${i}`, spec.textFileBytes));
    total += spec.textFileBytes;
  }
  return total;
}

/**
 * Changes about 5% of the data's bytes, spread like real churn: every 20th small file rewritten,
 * a 5% slice in the middle of every large file, and 5% appended to every log.
 */
export async function changeFivePercent(root: string, spec: DatasetSpec, round: number): Promise<number> {
  let changed = 0;
  for (let i = 0; i < spec.smallFiles; i += 20) {
    const file = path.join(root, "small", `d${String(Math.floor(i / 100)).padStart(3, "0")}`, `f${i}.dat`);
    const size = 1024 + ((i * 31) % 20_000);
    await fs.writeFile(file, seededBytes(`c${round}-${i}`, size));
    changed += size;
  }
  const slice = Math.floor(spec.largeFileBytes * 0.05);
  for (let i = 0; i < spec.largeFiles; i++) {
    const big = await fs.open(path.join(root, "large", `big${i}.bin`), "r+");
    await big.write(seededBytes(`b${round}-${i}`, slice), 0, undefined, Math.floor(spec.largeFileBytes / 2));
    await big.close();
    changed += slice;
  }
  const extra = Math.floor(spec.textFileBytes * 0.05);
  for (let i = 0; i < spec.textFiles; i++) {
    await fs.appendFile(path.join(root, "text", `log${i}.txt`), textBytes(`a${round}-${i}`, extra));
    changed += extra;
  }
  return changed;
}
