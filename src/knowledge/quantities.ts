/**
 * Figures and times in analysed text: numbers with their unit and what they count ("23
 * oil-producing states": a count of states; "$70 a barrel": money per barrel; "about 7 percent":
 * a percent), and dates and periods ("in April", "since 1980", "the 1980s", "last week",
 * "the next six months").
 */
import type { Token } from "./nlp.js";
import { numberWordValue } from "./numberWords.js";
import { wordRelations } from "./wordRelations.js";

export type FigureKind = "count" | "money" | "percent" | "year" | "duration" | "ordinal";

export interface Figure {
  readonly kind: FigureKind;
  /** Token indexes [start, end) of the figure itself ("$70", "about 7 percent", "23"). */
  readonly start: number;
  readonly end: number;
  readonly value: number | undefined;
  /** Lemma of the noun the figure counts or measures ("state", "barrel", "people"), if any. */
  readonly counts: string | undefined;
}

/**
 * What a time mention says: a year ("1980", "the 1980s"), a date ("April", "Sunday", "June 30"),
 * a point relative to now ("last week", "yesterday", "two years ago"), or a duration ("for 11 years").
 */
export type TimeKind = "year" | "date" | "relative" | "duration";

export interface TimeMention {
  /** Token indexes [start, end). */
  readonly start: number;
  readonly end: number;
  readonly kind: TimeKind;
}

/** Number words beyond wink's NUM tag that still state a quantity. */
const QUANTITY_WORDS: ReadonlySet<string> = new Set([
  "half",
  "third",
  "quarter",
  "dozen",
  "dozens",
  "hundreds",
  "thousands",
  "millions",
  "billions",
  "twice",
  "double",
  "triple",
  "tenfold",
]);
const MULTIPLIERS: ReadonlySet<string> = new Set([
  "hundred",
  "thousand",
  "million",
  "billion",
  "trillion",
  "mln",
  "bn",
  "m",
  "k",
]);
const PERCENT_WORDS: ReadonlySet<string> = new Set(["percent", "%", "pct", "percentage"]);
const MONEY_WORDS: ReadonlySet<string> = new Set([
  "dollar",
  "euro",
  "yen",
  "yuan",
  "pound",
  "peso",
  "rupee",
  "ruble",
  "rouble",
  "franc",
  "won",
  "real",
  "rand",
  "lira",
  "$",
  "€",
  "£",
  "¥",
  "₹",
  "usd",
]);
const DURATION_UNITS: ReadonlySet<string> = new Set([
  "second",
  "minute",
  "hour",
  "day",
  "week",
  "month",
  "year",
  "decade",
  "century",
]);
const MONTHS: ReadonlySet<string> = new Set(
  "january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec".split(
    " ",
  ),
);
const WEEKDAYS: ReadonlySet<string> = new Set(
  "monday tuesday wednesday thursday friday saturday sunday".split(" "),
);
/** Words that make a time reference of what follows ("last week", "next month", "this weekend"). */
const TIME_RELATIVE: ReadonlySet<string> = new Set([
  "last",
  "next",
  "past",
  "coming",
  "previous",
  "early",
  "late",
  "mid",
  "this",
  "that",
  "same",
]);
/** After "the", only these name a time ("over the weekend"); "the second half", "the year" do not. */
const THE_TIME: ReadonlySet<string> = new Set(["weekend", "morning", "afternoon", "evening", "night"]);
/** Words before a noun phrase that place something in time ("during his first term", "before the war"). */
const TIME_PREPOSITIONS: ReadonlySet<string> = new Set(["during", "before", "after", "until", "throughout"]);
/** Words between a number and its unit of time that leave it a duration ("90 more days"). */
const DURATION_FILLERS: ReadonlySet<string> = new Set([
  "more",
  "additional",
  "extra",
  "full",
  "consecutive",
  "straight",
  "-",
]);
const TIME_NOUNS: ReadonlySet<string> = new Set([
  ...DURATION_UNITS,
  "today",
  "yesterday",
  "tomorrow",
  "weekend",
  "spring",
  "summer",
  "autumn",
  "fall",
  "winter",
  "tonight",
  "ago",
]);

export function isMonthOrDay(lower: string): boolean {
  return MONTHS.has(lower) || WEEKDAYS.has(lower);
}

function numericValue(token: Token): number | undefined {
  const digits = token.lower.replace(/,/g, "");
  if (/^\d+(\.\d+)?$/.test(digits)) return Number(digits);
  // A decade stands for its first year: "1980s" -> 1980.
  if (/^\d{2,4}s$/.test(digits)) return Number(digits.slice(0, -1));
  return numberWordValue(token.lower);
}

function isNumeric(token: Token | undefined): boolean {
  if (token === undefined) return false;
  return (
    token.pos === "NUM" ||
    /^\d/.test(token.lower) ||
    numberWordValue(token.lower) !== undefined ||
    QUANTITY_WORDS.has(token.lower)
  );
}

function isYear(token: Token): boolean {
  return (
    /^(1[5-9]\d\d|20\d\d)$/.test(token.lower) ||
    /^(1[5-9]\d0|20\d0|\d0)s$/.test(token.lower) ||
    /^'\d0s$/.test(token.lower)
  );
}

/** Longest run of words that may stand between a figure and the noun it counts ("oil-producing"). */
const MAX_COUNTED_NOUN_REACH = 5;

/**
 * The noun a figure counts: the head (last noun) of the noun phrase after it, through adjectives,
 * participles and hyphens: "23 oil-producing states" -> state, "100 million people" -> people,
 * "$70 a barrel" -> barrel.
 */
function countedNoun(tokens: readonly Token[], from: number): string | undefined {
  // A figure joined to a noun by a hyphen counts that noun, whatever the phrase is about:
  // "a 47-nation summit" counts nations, "a 17-point defeat" points.
  const joined = tokens[from + 1];
  if (tokens[from]?.text === "-" && joined !== undefined && joined.pos === "NOUN") return joined.lemma;
  let head: string | undefined;
  for (let look = from; look < Math.min(tokens.length, from + MAX_COUNTED_NOUN_REACH); look++) {
    const next = tokens[look];
    if (next === undefined) break;
    // A name after a common noun starts a phrase of its own: "summit Tuesday", "troops Moscow sent".
    if (next.pos === "PROPN" && head !== undefined && tokens[look - 1]?.pos === "NOUN") break;
    if (next.pos === "NOUN" || next.pos === "PROPN") {
      head = next.lemma;
      continue;
    }
    const compound =
      next.text === "-" || next.pos === "ADJ" || (next.pos === "VERB" && /(?:ing|ed)$/.test(next.lower));
    const lead = head === undefined && (next.pos === "DET" || next.lower === "of");
    if (!(compound || lead)) break;
    // "10 oil firms-backed": a noun followed by a hyphen is a modifier, keep looking.
  }
  return head;
}

/** Figures in `tokens`, each with its kind and what it counts. */
export function findFigures(tokens: readonly Token[]): Figure[] {
  const figures: Figure[] = [];
  const relations = wordRelations();
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token === undefined) continue;
    const isCurrency = token.type === "currency" || MONEY_WORDS.has(token.lower);
    if (!isNumeric(token) && !(isCurrency && isNumeric(tokens[index + 1]))) continue;
    // "one" alone is mostly a pronoun ("one of the..."); it counts only before a unit noun.
    if (token.lower === "one" && !isNumeric(tokens[index + 1])) {
      const next = tokens[index + 1];
      if (next === undefined || !(DURATION_UNITS.has(next.lemma) || MULTIPLIERS.has(next.lower))) continue;
    }
    let start = index;
    let end = index + 1;
    while (
      end < tokens.length &&
      (isNumeric(tokens[end]) ||
        MULTIPLIERS.has(tokens[end]?.lower ?? "") ||
        tokens[end]?.type === "currency")
    )
      end++;
    // "about 7", "more than 100", "nearly half": the qualifier belongs to the figure.
    const before = tokens[start - 1];
    if (
      before !== undefined &&
      /^(about|around|nearly|almost|roughly|some|over|under|approximately)$/.test(before.lower)
    )
      start--;
    const value = numericValue(tokens[isCurrency ? index + 1 : index] ?? token);
    const first = tokens[index];
    if (first !== undefined && isYear(first) && end === index + 1) {
      figures.push({ kind: "year", start, end, value, counts: undefined });
      index = end - 1;
      continue;
    }
    let kind: FigureKind = isCurrency ? "money" : "count";
    if (first?.entity === "ORDINAL" || /^\d+(st|nd|rd|th)$/.test(first?.lower ?? "")) kind = "ordinal";
    // What follows: a percent or currency word, a unit of time, or the noun counted.
    let at = end;
    while (at < tokens.length) {
      const next = tokens[at];
      if (next === undefined) break;
      // "7 percent", "7%", "7 per cent" (but "1,500 per day" is a rate, not a percent).
      if (PERCENT_WORDS.has(next.lower) || (next.lower === "per" && tokens[at + 1]?.lower === "cent")) {
        kind = "percent";
        end = next.lower === "per" ? at + 2 : at + 1;
        break;
      }
      if (MONEY_WORDS.has(next.lemma) && next.pos !== "VERB") {
        kind = "money";
        end = at + 1;
        break;
      }
      if (DURATION_UNITS.has(next.lemma)) {
        kind = kind === "money" ? kind : "duration";
        end = at + 1;
        break;
      }
      // "a five-year term", "90 more days".
      if (DURATION_FILLERS.has(next.lower) && DURATION_UNITS.has(tokens[at + 1]?.lemma ?? "")) {
        at++;
        continue;
      }
      break;
    }
    if (first?.entity === "PERCENT") kind = "percent";
    if (first?.entity === "MONEY") kind = "money";
    // What a figure counts, or a percent is of: "23 states", "a 25% tariff".
    const counts = countedNoun(tokens, end);
    if (counts !== undefined && DURATION_UNITS.has(counts) && kind === "count") kind = "duration";
    if (counts !== undefined && relations.classOf(counts, "n") === "time" && kind === "count")
      kind = "duration";
    figures.push({ kind, start, end, value, counts });
    index = end - 1;
  }
  return figures;
}

/** Dates and periods in `tokens`: years and decades, months and weekdays, "last week", durations. */
export function findTimes(tokens: readonly Token[], figures: readonly Figure[]): TimeMention[] {
  const times: TimeMention[] = [];
  for (const figure of figures) {
    if (figure.kind === "year") times.push({ start: figure.start, end: figure.end, kind: "year" });
    if (figure.kind === "duration") {
      // "two years ago" is a point in time; "for 11 years" a stretch of it.
      const ago = tokens[figure.end]?.lower === "ago";
      times.push({
        start: figure.start,
        end: ago ? figure.end + 1 : figure.end,
        kind: ago ? "relative" : "duration",
      });
    }
  }
  tokens.forEach((token, index) => {
    const covered = times.some((time) => index >= time.start && index < time.end);
    if (covered) return;
    const next = tokens[index + 1];
    if (isMonthOrDay(token.lower) && (token.capitalized || token.entity === "DATE")) {
      // "may" is mostly the verb: only capitalised, or as wink's date.
      if (token.lower === "may" && token.pos !== "PROPN") return;
      times.push({ start: index, end: index + 1, kind: "date" });
    } else if (
      next !== undefined &&
      ((TIME_RELATIVE.has(token.lower) && TIME_NOUNS.has(next.lemma) && next.lemma !== "second") ||
        (token.lower === "the" && THE_TIME.has(next.lemma)))
    ) {
      times.push({ start: index, end: index + 2, kind: "relative" });
    } else if (token.entity === "DATE" || token.entity === "TIME") {
      if (/\p{L}|\d/u.test(token.text) && !token.stop)
        times.push({ start: index, end: index + 1, kind: "date" });
    } else if (token.entity === "DURATION") {
      if (/\p{L}|\d/u.test(token.text) && !token.stop)
        times.push({ start: index, end: index + 1, kind: "duration" });
    } else if (/^(today|yesterday|tomorrow|tonight|ago)$/.test(token.lower)) {
      times.push({ start: index, end: index + 1, kind: "relative" });
    } else if (
      TIME_PREPOSITIONS.has(token.lower) &&
      next !== undefined &&
      (next.pos === "DET" ||
        next.pos === "PRON" ||
        next.pos === "NOUN" ||
        next.pos === "PROPN" ||
        next.pos === "ADJ")
    ) {
      // "during his first term", "before the war": placed in time by an event or period.
      const headAt = tokens.findIndex(
        (candidate, at) =>
          at > index && at <= index + 4 && (candidate.pos === "NOUN" || candidate.pos === "PROPN"),
      );
      if (headAt > index) times.push({ start: index, end: headAt + 1, kind: "relative" });
    }
  });
  return times.sort((a, b) => a.start - b.start);
}
