/**
 * /progress figures and chart: the figures match the database they were read from, the PNG
 * decodes to the expected size, and it is the same picture on every run (the font is shipped).
 */
import { join } from "node:path";
import { inflateSync } from "node:zlib";

import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";

import { ManualClock } from "../../src/clock.js";
import { CHART_HEIGHT, CHART_WIDTH, chartSvg, progressChart } from "../../src/review/chart.js";
import { DUE_DAYS, figuresText, progressFigures, RETENTION_DAYS } from "../../src/review/progress.js";
import { openStore } from "../../src/store/index.js";
import { useTempDir } from "../store/tempDb.js";
import { DECK, MEMBER, reviewService, seeded } from "./helpers.js";

const tempDir = useTempDir();
const DAY = 86_400_000;

/** Width, height and the decompressed pixel rows of a PNG, read by hand from its chunks. */
function decodePng(png: Buffer): { width: number; height: number; colorType: number; pixels: Buffer } {
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString("latin1");
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      colorType = body[9] ?? -1;
    }
    if (type === "IDAT") data.push(body);
    offset += 12 + length;
  }
  return { width, height, colorType, pixels: inflateSync(Buffer.concat(data)) };
}

describe("progress figures and chart", () => {
  it("reads cards by state, retention and due days that match the database", async () => {
    const path = join(tempDir(), "progress.sqlite");
    const store = openStore(path);
    const start = Date.UTC(2026, 3, 1, 8);
    const clock = new ManualClock(start);
    const service = reviewService(store, clock);
    await service.addAll(DECK, MEMBER, {});
    const random = seeded(7);
    // Three weeks of daily review with a mix of grades.
    for (let day = 0; day < 21; day++) {
      clock.set(start + day * DAY);
      for (;;) {
        const next = await service.next(DECK, MEMBER);
        if (next.kind !== "card") break;
        const r = random();
        await service.grade(
          DECK,
          MEMBER,
          next.shown.card.id,
          next.shown.card.revision,
          r < 0.15 ? 1 : r < 0.25 ? 2 : 3,
        );
      }
    }
    const now = clock.now();
    const figures = await progressFigures(store.review, { guildId: DECK, userId: MEMBER }, now);

    // Read back outside the repositories, with a connection of its own.
    const db = new BetterSqlite3(path, { readonly: true });
    const states = db.prepare("SELECT state, COUNT(*) AS n FROM review_cards GROUP BY state").all() as {
      state: number;
      n: number;
    }[];
    const byState = (s: number) => states.find((row) => row.state === s)?.n ?? 0;
    expect(figures.states).toEqual({
      new: byState(0),
      learning: byState(1),
      review: byState(2),
      relearning: byState(3),
    });
    const today = Math.floor(now.getTime() / DAY);
    const since = (today - RETENTION_DAYS + 1) * DAY;
    const log = db
      .prepare(
        "SELECT COUNT(*) AS n, SUM(state = 2) AS matured, SUM(state = 2 AND rating > 1) AS recalled FROM review_log WHERE reviewed_at >= ?",
      )
      .get(since) as { n: number; matured: number; recalled: number };
    expect(figures.reviews).toBe(log.n);
    expect(log.matured).toBeGreaterThan(0);
    expect(figures.retention).toBeCloseTo(log.recalled / log.matured, 12);
    const horizon = (today + DUE_DAYS) * DAY;
    const due = db.prepare("SELECT COUNT(*) AS n FROM review_cards WHERE due_at < ?").get(horizon) as {
      n: number;
    };
    expect(figures.due.reduce((a, b) => a + b, 0)).toBe(due.n);
    expect(figures.due).toHaveLength(DUE_DAYS);

    const text = figuresText(figures);
    expect(text[0]).toBe(
      `Cards: ${figures.total} (new ${byState(0)}, learning ${byState(1)}, review ${byState(2)}, relearning ${byState(3)})`,
    );
    expect(text[1]).toContain(
      `${log.n} reviews; retention ${((log.recalled / log.matured) * 100).toFixed(1)}%`,
    );

    // The picture decodes, at its size, draws the same figures, and is the same on every render.
    const png = progressChart(figures, "Your review progress");
    const decoded = decodePng(png);
    expect([decoded.width, decoded.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    const bytesPerPixel = decoded.colorType === 6 ? 4 : 3;
    expect(decoded.pixels.length).toBe(CHART_HEIGHT * (1 + CHART_WIDTH * bytesPerPixel));
    expect(png.byteLength).toBeLessThan(300 * 1024);
    expect(progressChart(figures, "Your review progress").equals(png)).toBe(true);
    const svg = chartSvg(figures, "Your review progress");
    expect(svg).toContain(`Cards by state (${figures.total})`);
    expect(svg).toContain(`review ${byState(2)}`);
    db.close();
    await store.close();
  });

  it("draws an empty deck without dividing by zero", () => {
    const empty = {
      states: { new: 0, learning: 0, review: 0, relearning: 0 },
      total: 0,
      days: [],
      reviews: 0,
      retention: null,
      due: Array.from({ length: DUE_DAYS }, () => 0),
      today: 20_000,
    };
    expect(chartSvg(empty, "Nothing yet")).not.toMatch(/NaN|Infinity/);
    expect(decodePng(progressChart(empty, "Nothing yet")).width).toBe(CHART_WIDTH);
    expect(figuresText(empty)[1]).toContain("not measured yet");
  });
});
