/**
 * Wrong options of the same type as the answer: percentages for a percentage, years for a year,
 * people for a person, places for a place. Names come from the briefing itself first (the most
 * plausible wrong answers), then from a general list. A distractor never has the answer's value
 * (so it is never the answer reworded) and never one that would make the sentence true as well.
 */
import type { Entity, EntityType } from "./entities.js";
import { SMALL_NUMBER_WORDS, TENS_WORDS } from "../knowledge/numberWords.js";
import { formatLike } from "./numbers.js";
import { shuffled, type Random } from "./random.js";

/** A choice or cloze question shows the answer and this many wrong options. */
export const DISTRACTOR_COUNT = 3;

/**
 * Well-known names for filling up to DISTRACTOR_COUNT when a briefing names too few of a kind:
 * plausible for the type, and never the answer, since a name the sentence uses is never offered.
 */
const GENERAL_NAMES: Readonly<Record<"person" | "place" | "group", readonly string[]>> = {
  person: [
    "Vladimir Putin",
    "Emmanuel Macron",
    "Narendra Modi",
    "Olaf Scholz",
    "Luiz Inácio Lula da Silva",
    "Recep Tayyip Erdogan",
    "Cyril Ramaphosa",
    "Justin Trudeau",
  ],
  place: [
    "Brazil",
    "Canada",
    "Egypt",
    "Indonesia",
    "Kenya",
    "Mexico",
    "Poland",
    "Vietnam",
    "Argentina",
    "Turkey",
  ],
  group: [
    "the United Nations",
    "NATO",
    "the World Bank",
    "the European Union",
    "the African Union",
    "the IMF",
  ],
};
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** Years before this are not plausible for a modern news briefing. */
const EARLIEST_YEAR = 1900;
/** Nor are years after the briefings were written. */
const LATEST_YEAR = 2026;

function numericCandidates(entity: Entity): number[] {
  const value = entity.value ?? 0;
  switch (entity.type) {
    case "percent":
      return [value * 2, value * 3, value + 5, value + 10, Math.round(value / 2), value - 3].filter(
        (candidate) => candidate > 0 && candidate <= 100,
      );
    case "year":
      return [value + 9, value + 11, value + 21, value - 9, value - 31].filter(
        (candidate) => candidate >= EARLIEST_YEAR && candidate <= LATEST_YEAR,
      );
    case "decade":
      return [value + 10, value + 20, value - 10, value - 20, value - 30].filter(
        (candidate) => candidate >= EARLIEST_YEAR && candidate <= LATEST_YEAR,
      );
    case "count":
    case "money":
    case "duration":
      return value <= 20
        ? [value + 1, value + 2, value + 3, value - 1, value - 2].filter((candidate) => candidate > 0)
        : [value * 2, value * 3, value * 5, Math.round(value / 2), Math.round(value / 5)].filter(
            (candidate) => candidate > 0,
          );
    default:
      return [];
  }
}

/** A numeral in digits or a number word: the part of a figure a distractor changes. */
const NUMERAL = new RegExp(
  `\\d+(?:[.,]\\d+)*|\\b(?:${[...SMALL_NUMBER_WORDS, ...Object.keys(TENS_WORDS)].join("|")})\\b`,
  "i",
);

/**
 * Writes a numeric distractor the way the answer is written: its numeral replaced, in digits or
 * words as the answer has it, and everything around it kept ("14 percent", "$140", "200 million").
 */
export function formatNumeric(entity: Entity, value: number): string {
  if (entity.type === "year") return String(value);
  if (entity.type === "decade") return `${value}s`;
  return entity.text.replace(NUMERAL, (numeral) => formatLike(value, numeral));
}

/** Other names of the same kind: months for a month, weekdays for a weekday. */
function datesLike(text: string): readonly string[] {
  return WEEKDAYS.includes(text) ? WEEKDAYS : MONTHS.includes(text) ? MONTHS : [];
}

/**
 * Up to `count` distractors for `entity`. `others` are the other entities of its sentence (never
 * offered: they may be right too); `briefingNames` the names of each kind the whole briefing uses.
 * Deterministic for `random`.
 */
export function distractorsFor(
  entity: Entity,
  others: readonly Entity[],
  random: Random,
  briefingNames: ReadonlyMap<EntityType, readonly string[]> = new Map(),
  count: number = DISTRACTOR_COUNT,
): string[] {
  const taken = new Set([entity, ...others].map((other) => other.text.toLowerCase()));
  if (entity.type === "person" || entity.type === "place" || entity.type === "group") {
    const usable = (name: string) =>
      !taken.has(name.toLowerCase()) &&
      !entity.text.toLowerCase().includes(name.toLowerCase()) &&
      !name.toLowerCase().includes(entity.text.toLowerCase());
    const fromBriefing = shuffled([...new Set(briefingNames.get(entity.type) ?? [])].filter(usable), random);
    const general = shuffled(GENERAL_NAMES[entity.type].filter(usable), random);
    return [...new Set([...fromBriefing, ...general])].slice(0, count);
  }
  if (entity.type === "date") {
    return shuffled(
      datesLike(entity.text).filter((name) => !taken.has(name.toLowerCase())),
      random,
    ).slice(0, count);
  }
  const value = entity.value ?? 0;
  const values = [...new Set(numericCandidates(entity))].filter(
    (candidate) => candidate !== value && (!entity.lowerBound || candidate > value),
  );
  const texts = shuffled(values, random)
    .map((candidate) => formatNumeric(entity, candidate))
    .filter((text) => !taken.has(text.toLowerCase()) && text !== entity.text);
  return [...new Set(texts)].slice(0, count);
}
