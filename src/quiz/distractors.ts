/**
 * Wrong options of the same type as the answer: percentages for a percentage, years for a year,
 * people for a person, places for a place. A distractor never has the answer's value (so it is
 * never the answer reworded) and never one that would make the sentence true as well.
 */
import type { Entity } from "./entities.js";
import { PEOPLE, PLACES } from "./entities.js";
import { formatLike, MULTIPLIERS } from "./numbers.js";
import { shuffled, type Random } from "./random.js";

/** A choice or cloze question shows the answer and this many wrong options. */
export const DISTRACTOR_COUNT = 3;

/**
 * Well-known leaders named nowhere in the briefing: plausible for "who", clearly not the answer.
 * Used only to fill up to DISTRACTOR_COUNT when the briefing itself names too few people.
 */
const EXTRA_PEOPLE = ["Vladimir Putin", "Kim Jong Un", "Shinzo Abe"];
/** Places in the same region that the briefing does not name, for the same reason. */
const EXTRA_PLACES = ["Japan", "South Korea", "Vietnam", "Kazakhstan"];

/** Years before this are not plausible for a modern economic briefing. */
const EARLIEST_YEAR = 1900;
/** Nor are years after the briefings were written. */
const LATEST_YEAR = 2025;

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
      return value <= 20
        ? [value + 1, value + 2, value + 3, value - 1, value - 2].filter((candidate) => candidate > 0)
        : [value * 2, value * 3, value * 5, Math.round(value / 2), Math.round(value / 5)].filter(
            (candidate) => candidate > 0,
          );
    default:
      return [];
  }
}

/** Writes a numeric distractor the way the answer is written ("14 percent", "200 million", "four"). */
export function formatNumeric(entity: Entity, value: number): string {
  const text = entity.text;
  switch (entity.type) {
    case "percent":
      return text.replace(/^\S+?(?=\s?(?:percent|per cent|%))/i, formatLike(value, text));
    case "year":
      return String(value);
    case "decade":
      return `${value}s`;
    case "count": {
      const multiplierWord = Object.keys(MULTIPLIERS).find((word) => text.endsWith(` ${word}`));
      const multiplier = multiplierWord === undefined ? 1 : (MULTIPLIERS[multiplierWord] ?? 1);
      const numeral = text.split(/\s+/)[0] ?? text;
      const scaled = value / multiplier;
      return multiplierWord === undefined
        ? formatLike(scaled, numeral)
        : `${formatLike(scaled, numeral)} ${multiplierWord}`;
    }
    default:
      return text;
  }
}

/**
 * Up to `count` distractors for `entity` in a sentence whose other entities are `others` (an
 * entity of the same sentence is never offered: it may be right too). Deterministic for `random`.
 */
export function distractorsFor(
  entity: Entity,
  others: readonly Entity[],
  random: Random,
  count: number = DISTRACTOR_COUNT,
): string[] {
  const taken = new Set(others.map((other) => other.text.toLowerCase()));
  taken.add(entity.text.toLowerCase());
  if (entity.type === "person" || entity.type === "place") {
    const ownName =
      entity.type === "person"
        ? (PEOPLE.find((person) => person.surfaces.includes(entity.text))?.name ?? entity.text)
        : entity.text;
    const sameSentence = new Set(
      others.map(
        (other) => PEOPLE.find((person) => person.surfaces.includes(other.text))?.name ?? other.text,
      ),
    );
    // A person named by surname ("Xi") gets distractors named the same way ("Trump").
    const surfaceIndex = PEOPLE.find((person) => person.name === ownName)?.surfaces.indexOf(entity.text) ?? 0;
    const known =
      entity.type === "person"
        ? PEOPLE.map(
            (person) => person.surfaces[Math.min(surfaceIndex, person.surfaces.length - 1)] ?? person.name,
          )
        : PLACES;
    const extras = entity.type === "person" ? EXTRA_PEOPLE : EXTRA_PLACES;
    const nameOf = (surface: string) =>
      PEOPLE.find((person) => person.surfaces.includes(surface))?.name ?? surface;
    const usable = (name: string) =>
      nameOf(name) !== ownName && !sameSentence.has(nameOf(name)) && !taken.has(name.toLowerCase());
    // Names from the briefing first: they are the most plausible wrong answers.
    const fromBriefing = shuffled(known.filter(usable), random);
    const filler = shuffled(extras.filter(usable), random);
    return [...fromBriefing, ...filler].slice(0, count);
  }
  const value = entity.value ?? 0;
  const values = [...new Set(numericCandidates(entity))].filter(
    (candidate) => candidate !== value && (!entity.lowerBound || candidate > value),
  );
  const texts = shuffled(values, random)
    .map((candidate) => formatNumeric(entity, candidate))
    .filter((text) => !taken.has(text.toLowerCase()));
  return [...new Set(texts)].slice(0, count);
}
