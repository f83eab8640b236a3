import { describe, expect, it } from "vitest";
import {
  type CandidatePoint,
  choosePoint,
  formatDuration,
  planRecovery,
  type RecoveryAsset,
} from "./recovery-plan";

const at = (iso: string) => new Date(iso);
const point = (id: string, iso: string, verifiedStatus: CandidatePoint["verifiedStatus"], sizeBytes = 0) => ({
  id,
  time: at(iso),
  verifiedStatus,
  sizeBytes,
});
const incident = at("2026-11-20T14:05:00Z");
const options = {
  incidentAt: incident,
  throughput: { bytesPerSecond: 10 * 1024 * 1024, measured: true },
  targetFor: (a: RecoveryAsset) => `${a.name}_new`,
};

describe("choosePoint", () => {
  it("takes the newest verified point before the incident over a newer unverified one", () => {
    const points = [
      point("old-verified", "2026-11-20T10:00:00Z", "verified"),
      point("newer-unverified", "2026-11-20T13:00:00Z", "unverified"),
      point("after", "2026-11-20T15:00:00Z", "verified"),
    ];
    expect(choosePoint(points, incident)).toEqual({ point: points[0], risk: null });
  });

  it("never takes a point after the incident, even a verified one", () => {
    const points = [
      point("before", "2026-11-20T12:00:00Z", "unverified"),
      point("after", "2026-11-20T14:06:00Z", "verified"),
    ];
    const chosen = choosePoint(points, incident);
    expect(chosen.point?.id).toBe("before");
    expect(chosen.risk).toMatch(/not verified/);
  });

  it("takes a point taken exactly at the incident time", () => {
    const points = [point("at", "2026-11-20T14:05:00Z", "verified")];
    expect(choosePoint(points, incident).point?.id).toBe("at");
  });

  it("prefers an unverified point to one whose drill failed, and states a failed drill's risk", () => {
    const failed = { ...point("failed", "2026-11-20T13:00:00Z", "failed"), verifiedError: "checksum" };
    expect(choosePoint([failed, point("u", "2026-11-20T11:00:00Z", "unverified")], incident).point?.id).toBe(
      "u",
    );
    const only = choosePoint([failed], incident);
    expect(only.point?.id).toBe("failed");
    expect(only.risk).toMatch(/drill failed \(checksum\)/);
  });

  it("states why there is no point: all newer, or none at all", () => {
    expect(choosePoint([point("after", "2026-11-21T00:00:00Z", "verified")], incident)).toEqual({
      point: null,
      risk: expect.stringMatching(/no restore point before the incident: all 1 are newer/),
    });
    expect(choosePoint([], incident).risk).toMatch(/no restore point at all/);
  });
});

describe("planRecovery", () => {
  const www: RecoveryAsset = {
    id: "a1",
    name: "www",
    kind: "directory",
    points: [point("w1", "2026-11-20T14:00:00Z", "verified", 30 * 1024 * 1024)],
  };
  const orders: RecoveryAsset = {
    id: "a2",
    name: "orders",
    kind: "postgres",
    points: [point("o1", "2026-11-20T13:05:00Z", "verified", 100 * 1024 * 1024)],
  };
  const lost: RecoveryAsset = { id: "a3", name: "analytics", kind: "postgres", points: [] };

  it("keeps an asset without a point in the plan, with its risk and no estimate", () => {
    const plan = planRecovery([www, lost], options);
    const item = plan.items.find((i) => i.assetName === "analytics");
    expect(item).toMatchObject({ point: null, estimatedSeconds: null, dataLossSeconds: null });
    expect(item?.risk).toMatch(/no restore point/);
  });

  it("puts databases in a first stage and folders in a second when asked", () => {
    const plan = planRecovery([www, orders, lost], { ...options, databasesFirst: true });
    expect(plan.items.map((i) => [i.position, i.assetName, i.stage])).toEqual([
      [1, "analytics", 1],
      [2, "orders", 1],
      [3, "www", 2],
    ]);
    const flat = planRecovery([www, orders], options);
    expect(flat.items.map((i) => [i.assetName, i.stage])).toEqual([
      ["orders", 1],
      ["www", 1],
    ]);
  });

  it("estimates time from throughput and the data-loss window from the incident", () => {
    const plan = planRecovery([www, orders], options);
    const byName = Object.fromEntries(plan.items.map((i) => [i.assetName, i]));
    expect(byName.orders?.estimatedSeconds).toBe(10); // 100 MiB at 10 MiB/s
    expect(byName.www?.estimatedSeconds).toBe(3);
    expect(plan.estimatedSeconds).toBe(13);
    expect(byName.orders?.dataLossSeconds).toBe(3600);
    expect(byName.www?.dataLossSeconds).toBe(300);
    expect(byName.www?.target).toBe("www_new");
    expect(byName.www?.overwrite).toBe(false);
  });

  it("rounds an estimate up to a whole second, and never divides by zero", () => {
    const slow = planRecovery([www], { ...options, throughput: { bytesPerSecond: 0, measured: false } });
    expect(slow.items[0]?.estimatedSeconds).toBe(30 * 1024 * 1024);
  });
});

describe("formatDuration", () => {
  it("reads as a person would say it", () => {
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(300)).toBe("5 min");
    expect(formatDuration(3900)).toBe("1 h 5 min");
    expect(formatDuration(3 * 86400)).toBe("3 days");
  });
});
