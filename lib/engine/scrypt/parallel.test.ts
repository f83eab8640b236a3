import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { scrypt } from "./parallel";

const node = (password: Buffer, salt: Buffer, N: number, r: number, p: number, length: number) =>
  scryptSync(password, salt, length, { N, r, p, maxmem: 256 * 1024 * 1024 });

describe("scrypt with lanes on worker threads", () => {
  it("equals Node's scrypt for every shape of parameters and thread count", async () => {
    const cases: [number, number, number, number][] = [
      // N, r, p, threads
      [2, 1, 1, 1],
      [16, 1, 1, 2],
      [16, 2, 3, 2],
      [1024, 8, 1, 2],
      [1024, 8, 2, 2],
      [1024, 8, 5, 2],
      [256, 3, 7, 3],
      [64, 8, 4, 8],
    ];
    for (const [N, r, p, threads] of cases) {
      const password = randomBytes(1 + (N % 40));
      const salt = randomBytes(64);
      const got = await scrypt(password, salt, { N, r, p }, 64, threads);
      expect(got.toString("hex"), `N=${N} r=${r} p=${p} threads=${threads}`).toBe(
        node(password, salt, N, r, p, 64).toString("hex"),
      );
    }
  });

  it("equals RFC 7914's test vectors, including a restic-sized N = 2^14", async () => {
    const vector = async (password: string, salt: string, N: number, r: number, p: number) =>
      (await scrypt(Buffer.from(password), Buffer.from(salt), { N, r, p }, 64, 2)).toString("hex");
    expect(await vector("password", "NaCl", 1024, 8, 16)).toBe(
      "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162" +
        "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640",
    );
    expect(await vector("pleaseletmein", "SodiumChloride", 16384, 8, 1)).toBe(
      "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2" +
        "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887",
    );
  });

  it("leaves parameters it cannot run to Node's scrypt, errors included", async () => {
    const salt = randomBytes(16);
    await expect(scrypt(Buffer.from("pw"), salt, { N: 3, r: 8, p: 1 }, 64)).rejects.toThrow(/N|param/i);
    await expect(scrypt(Buffer.from("pw"), salt, { N: 1, r: 8, p: 1 }, 64)).rejects.toThrow();
  });
});
