import { describe, expect, it } from "vitest";

import { localDateOf, normalizeTimeZone, parseLocalTime } from "../../src/daily/localTime.js";
import { followingRun, nextRunAfter } from "../../src/daily/nextRun.js";

const time = (text: string) => {
  const parsed = parseLocalTime(text);
  if (parsed === undefined) throw new Error(`bad time ${text}`);
  return parsed;
};

/** UTC instants of the runs for `days` consecutive dates, starting with the first run after `from`. */
function runs(text: string, zone: string, from: string, days: number) {
  let run = nextRunAfter(time(text), zone, new Date(from));
  const out = [run];
  for (let i = 1; i < days; i++) {
    run = followingRun(time(text), zone, run);
    out.push(run);
  }
  return out.map((r) => `${r.localDate} ${r.at.toISOString()}`);
}

// Expected instants worked out by hand from each zone's published 2026 transitions.
describe("spring-forward gap: posted at the first valid minute after the missing time", () => {
  it.each([
    [
      "America/New_York",
      "02:30",
      "2026-03-07T12:00:00Z",
      ["2026-03-08 2026-03-08T07:00:00.000Z", "2026-03-09 2026-03-09T06:30:00.000Z"],
    ],
    [
      "Europe/London",
      "01:30",
      "2026-03-28T12:00:00Z",
      ["2026-03-29 2026-03-29T01:00:00.000Z", "2026-03-30 2026-03-30T00:30:00.000Z"],
    ],
    [
      "Australia/Sydney",
      "02:30",
      "2026-10-03T00:00:00Z",
      ["2026-10-04 2026-10-03T16:00:00.000Z", "2026-10-05 2026-10-04T15:30:00.000Z"],
    ],
    [
      "America/St_Johns",
      "02:30",
      "2026-03-07T12:00:00Z",
      ["2026-03-08 2026-03-08T05:30:00.000Z", "2026-03-09 2026-03-09T05:00:00.000Z"],
    ],
    [
      "Pacific/Chatham",
      "03:00",
      "2026-09-26T00:00:00Z",
      ["2026-09-27 2026-09-26T14:00:00.000Z", "2026-09-28 2026-09-27T13:15:00.000Z"],
    ],
    [
      "Pacific/Chatham",
      "02:50",
      "2026-09-26T00:00:00Z",
      ["2026-09-27 2026-09-26T14:00:00.000Z", "2026-09-28 2026-09-27T13:05:00.000Z"],
    ],
  ])("%s at %s", (zone, local, from, expected) => {
    expect(runs(local, zone, from, 2)).toEqual(expected);
  });
});

describe("fall-back overlap: posted once, at the first occurrence", () => {
  it.each([
    [
      "America/New_York",
      "01:30",
      "2026-10-31T12:00:00Z",
      ["2026-11-01 2026-11-01T05:30:00.000Z", "2026-11-02 2026-11-02T06:30:00.000Z"],
    ],
    [
      "Europe/London",
      "01:30",
      "2026-10-24T12:00:00Z",
      ["2026-10-25 2026-10-25T00:30:00.000Z", "2026-10-26 2026-10-26T01:30:00.000Z"],
    ],
    [
      "Australia/Sydney",
      "02:30",
      "2026-04-04T00:00:00Z",
      ["2026-04-05 2026-04-04T15:30:00.000Z", "2026-04-06 2026-04-05T16:30:00.000Z"],
    ],
    [
      "America/St_Johns",
      "01:30",
      "2026-10-31T12:00:00Z",
      ["2026-11-01 2026-11-01T04:00:00.000Z", "2026-11-02 2026-11-02T05:00:00.000Z"],
    ],
    [
      "Pacific/Chatham",
      "03:00",
      "2026-04-04T00:00:00Z",
      ["2026-04-05 2026-04-04T13:15:00.000Z", "2026-04-06 2026-04-05T14:15:00.000Z"],
    ],
  ])("%s at %s", (zone, local, from, expected) => {
    expect(runs(local, zone, from, 2)).toEqual(expected);
  });

  it("asking again from inside the repeated hour does not offer the second occurrence", () => {
    const following = followingRun(time("01:30"), "America/New_York", {
      at: new Date("2026-11-01T05:30:00Z"),
      localDate: "2026-11-01",
    });
    expect(following).toEqual({ at: new Date("2026-11-02T06:30:00Z"), localDate: "2026-11-02" });
  });
});

describe("zones without DST and with odd offsets", () => {
  it("Asia/Shanghai posts at the same UTC instant all year", () => {
    const all = runs("09:00", "Asia/Shanghai", "2026-01-01T00:00:00Z", 366);
    expect(new Set(all.map((r) => r.slice(22)))).toEqual(new Set(["01:00:00.000Z"]));
  });

  it("a run is strictly after the reference instant", () => {
    const at = new Date("2026-06-01T01:00:00Z");
    expect(nextRunAfter(time("09:00"), "Asia/Shanghai", at).localDate).toBe("2026-06-02");
  });

  it("local dates follow the zone, not UTC", () => {
    expect(localDateOf(new Date("2026-06-01T11:00:00Z"), "Pacific/Chatham")).toBe("2026-06-01");
    expect(localDateOf(new Date("2026-06-01T11:30:00Z"), "Pacific/Chatham")).toBe("2026-06-02");
    expect(localDateOf(new Date("2026-06-01T02:00:00Z"), "America/St_Johns")).toBe("2026-05-31");
  });
});

describe("input parsing", () => {
  it.each(["9:05", "09:05", "23:59", "00:00", " 18:30 "])("accepts %j", (text) => {
    expect(parseLocalTime(text)).toBeDefined();
  });
  it.each(["24:00", "12:60", "7", "7pm", "12:5", "", "ab:cd", "１２:００"])("rejects %j", (text) => {
    expect(parseLocalTime(text)).toBeUndefined();
  });
  it("accepts IANA zones and rejects anything else", () => {
    expect(normalizeTimeZone("Pacific/Chatham")).toBe("Pacific/Chatham");
    expect(normalizeTimeZone("UTC")).toBe("UTC");
    expect(normalizeTimeZone("Mars/Olympus_Mons")).toBeUndefined();
    expect(normalizeTimeZone("")).toBeUndefined();
    expect(normalizeTimeZone("+05:00 but longer".repeat(10))).toBeUndefined();
  });
});
