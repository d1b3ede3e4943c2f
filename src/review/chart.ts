/**
 * The /progress chart: SVG drawn from the figures, rendered to PNG by resvg (prebuilt binaries
 * in its npm package) with a font shipped in the repository (DejaVu Sans, see
 * fonts/LICENSE-DejaVu.txt), and no system fonts, so it looks the same on every machine.
 */
import { fileURLToPath } from "node:url";

import { Resvg } from "@resvg/resvg-js";

import { DAY_MS } from "../store/review.js";
import { DUE_DAYS, RETENTION_DAYS, type ProgressFigures } from "./progress.js";

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 520;
export const CHART_FONT_FILE = fileURLToPath(new URL("./fonts/DejaVuSans.ttf", import.meta.url));
const FONT = "DejaVu Sans";

/** Discord's dark theme background and its palette, so the chart sits well in a message. */
const COLORS = {
  background: "#2b2d31",
  text: "#f2f3f5",
  muted: "#b5bac1",
  grid: "#404249",
  new: "#5865f2",
  learning: "#fee75c",
  review: "#57f287",
  relearning: "#ed4245",
  retention: "#57f287",
  due: "#5865f2",
} as const;

const MARGIN = 32;
const PANEL_WIDTH = CHART_WIDTH - 2 * MARGIN;

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );

const text = (
  x: number,
  y: number,
  content: string,
  size = 14,
  fill: string = COLORS.text,
  anchor = "start",
) =>
  `<text x="${x}" y="${y}" font-family="${FONT}" font-size="${size}" fill="${fill}" text-anchor="${anchor}">${escapeXml(content)}</text>`;

const rect = (x: number, y: number, w: number, h: number, fill: string) =>
  `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" height="${Math.max(0, h).toFixed(1)}" fill="${fill}"/>`;

function statesPanel(f: ProgressFigures, top: number): string[] {
  const parts = [text(MARGIN, top, `Cards by state (${f.total})`, 16)];
  const barTop = top + 12;
  const entries = [
    ["new", f.states.new, COLORS.new],
    ["learning", f.states.learning, COLORS.learning],
    ["review", f.states.review, COLORS.review],
    ["relearning", f.states.relearning, COLORS.relearning],
  ] as const;
  let x = MARGIN;
  if (f.total === 0) parts.push(rect(MARGIN, barTop, PANEL_WIDTH, 28, COLORS.grid));
  for (const [, count, color] of entries) {
    const width = f.total === 0 ? 0 : (count / f.total) * PANEL_WIDTH;
    parts.push(rect(x, barTop, width, 28, color));
    x += width;
  }
  entries.forEach(([name, count, color], i) => {
    const lx = MARGIN + i * (PANEL_WIDTH / 4);
    parts.push(
      rect(lx, barTop + 40, 12, 12, color),
      text(lx + 18, barTop + 51, `${name} ${count}`, 13, COLORS.muted),
    );
  });
  return parts;
}

function barsPanel(
  title: string,
  values: readonly (number | null)[],
  labels: readonly string[],
  top: number,
  height: number,
  max: number,
  color: string,
  valueLabel: (value: number) => string,
): string[] {
  const parts = [text(MARGIN, top, title, 16)];
  const plotTop = top + 14;
  const base = plotTop + height;
  parts.push(
    `<line x1="${MARGIN}" y1="${base}" x2="${MARGIN + PANEL_WIDTH}" y2="${base}" stroke="${COLORS.grid}"/>`,
  );
  const slot = PANEL_WIDTH / values.length;
  values.forEach((value, i) => {
    const x = MARGIN + i * slot;
    if (value !== null && max > 0) {
      const h = (value / max) * height;
      parts.push(rect(x + slot * 0.15, base - h, slot * 0.7, h, color));
      if (values.length <= DUE_DAYS && value > 0)
        parts.push(text(x + slot / 2, base - h - 4, valueLabel(value), 11, COLORS.muted, "middle"));
    }
    const label = labels[i];
    if (label !== undefined && label !== "")
      parts.push(text(x + slot / 2, base + 14, label, 10, COLORS.muted, "middle"));
  });
  return parts;
}

const shortDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(5, 10);

/** The chart as SVG: a title, cards by state, retention per day, and due cards per day. */
export function chartSvg(figures: ProgressFigures, title: string): string {
  const retentionValues = figures.days.map((d) => (d.matured === 0 ? null : d.recalled / d.matured));
  const retentionLabels = figures.days.map((d, i) => (i % 5 === 4 ? shortDay(d.day) : ""));
  const dueLabels = figures.due.map((_, i) => (i === 0 ? "today" : shortDay(figures.today + i)));
  const overall =
    figures.retention === null
      ? "no reviews of mature cards yet"
      : `${(figures.retention * 100).toFixed(1)}% overall`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">`,
    rect(0, 0, CHART_WIDTH, CHART_HEIGHT, COLORS.background),
    text(MARGIN, 36, title, 20),
    ...statesPanel(figures, 72),
    ...barsPanel(
      `Retention, last ${RETENTION_DAYS} days (${overall}; ${figures.reviews} reviews)`,
      retentionValues,
      retentionLabels,
      172,
      110,
      1,
      COLORS.retention,
      (v) => `${Math.round(v * 100)}%`,
    ),
    ...barsPanel(
      `Due, next ${DUE_DAYS} days (${figures.due.reduce((a, b) => a + b, 0)})`,
      figures.due,
      dueLabels,
      346,
      120,
      // Headroom above the tallest bar for its count.
      Math.max(1, ...figures.due) * 1.2,
      COLORS.due,
      (v) => String(v),
    ),
    "</svg>",
  ];
  return parts.join("\n");
}

/** SVG to PNG with the shipped font only. */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: [CHART_FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT },
    fitTo: { mode: "original" },
  });
  return resvg.render().asPng();
}

export function progressChart(figures: ProgressFigures, title: string): Buffer {
  return renderPng(chartSvg(figures, title));
}
