/**
 * Normalization shared by questions and briefing sentences before they are mapped to concepts:
 * abbreviations whose meaning depends on case ("US" vs "us"), percent signs, and quantities
 * written in words ("three decades" is "30 years", "seven percent" is "7 percent"). Both sides
 * go through the same steps, so "3 provinces" meets "three provinces".
 */
import { foldText } from "./fold.js";
import { numberWordValue } from "./numberWords.js";

/** "US", "U.S.", "U.S.A." and "USA" in capitals are the country; lower-case "us" usually is not. */
const COUNTRY_ABBREVIATION = /\bU\.S\.(?:A\.)?|\bU\.S\.?A?\b|\bUSA\b|\bUS\b/g;
/**
 * Lower-case "us" is the country after "the" or right before a noun that only a country takes
 * ("us president", "us rust belt"); elsewhere it is the pronoun ("tell us").
 */
const LOWER_CASE_COUNTRY =
  /\b(?:the us\b|us(?= (?:president|rust|econom|steel|coal|industr|gdp|government|gov|govt|states|manufactur|factor|election|tariff|trade|midwest|worker|job|polic|presiden)))/g;

/** Folds text for matching (see foldText), after reading case-sensitive abbreviations and percent signs. */
export function prepareText(raw: string): string {
  // Each step only when its trigger is there: this runs on every sentence of every briefing.
  let folded = foldText(raw.includes("U") ? raw.replace(COUNTRY_ABBREVIATION, " USA ") : raw);
  if (folded.includes("us")) {
    folded = folded.replace(LOWER_CASE_COUNTRY, (match) => (match.startsWith("the") ? "the usa" : "usa"));
  }
  if (folded.includes("%")) folded = folded.replace(/%/g, " percent ");
  return folded.includes("  ") || folded.startsWith(" ") || folded.endsWith(" ")
    ? folded.replace(/\s+/g, " ").trim()
    : folded;
}

const DOZEN = 12;
/** Words that stand for a number only in front of a multiplier or unit: "a hundred", "one decade". */
const ONE = new Set(["a", "an", "one"]);
/** Spellings of "percent" (the "%" sign is spelled out by prepareText). */
const PERCENT = new Set(["percent", "pct", "perc", "procent"]);
/** "100m people", "100mn", "100 mil": millions written short. */
const SHORT_MILLION = /^(\d+(?:\.\d+)?)(m|mn|mil|mio)$/;
/** "10 mil people": the short forms of "million" written as a word of their own. */
const MILLION_WORDS = new Set(["mil", "mn", "mio", "mill", "millions"]);
const SHORT_BILLION = /^(\d+(?:\.\d+)?)(b|bn)$/;

function valueOf(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  const code = word.charCodeAt(0);
  if (code >= 48 && code <= 57) return /^\d+$/.test(word) ? Number(word) : undefined;
  // "one" counts only before a multiplier (see ONE) and nothing is counted in zeros.
  if (word === "dozen") return DOZEN;
  const value = numberWordValue(word);
  return value === undefined || value < 2 ? undefined : value;
}

/**
 * Rewrites quantities written in words into digits and time spans into years:
 * "three decades" -> "30 years", "a hundred million" -> "100 million", "seven pct" ->
 * "7 percent", "100m" -> "100 million", "half" -> "50 percent", "half a century" -> "50 years".
 * "one" alone is left
 * alone ("one of the...", "one belt one road"). Idempotent: digits stay digits.
 */
export function normalizeQuantities(sequence: readonly string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < sequence.length; index++) {
    const word = sequence[index] ?? "";
    const next = sequence[index + 1];
    if (word === "per" && next === "cent") {
      out.push("percent");
      index++;
      continue;
    }
    if (PERCENT.has(word)) {
      out.push("percent");
      continue;
    }
    const million = SHORT_MILLION.exec(word) ?? undefined;
    const billion = SHORT_BILLION.exec(word) ?? undefined;
    if (million?.[1] !== undefined || billion?.[1] !== undefined) {
      out.push(million?.[1] ?? billion?.[1] ?? word, million === undefined ? "billion" : "million");
      continue;
    }
    if (word === "half" && (next === "a" || next === "of") && sequence[index + 2] === "century") {
      out.push("50", "years");
      index += 2;
      continue;
    }
    // "fallen by half" and "dropped by 50%" state the same figure.
    if (word === "half") {
      out.push("50", "percent");
      continue;
    }
    // A number: "a"/"one" only counts before hundred/decade/century; tens may take a unit ("twenty five").
    let value = ONE.has(word) ? undefined : valueOf(word);
    let used = value === undefined ? 0 : 1;
    if (ONE.has(word) && (next === "hundred" || next === "decade" || next === "century")) {
      value = 1;
      used = 1;
    }
    if (value === undefined && word === "hundred") {
      value = 1;
      used = 0;
    }
    if (value === undefined) {
      out.push(word);
      continue;
    }
    let at = index + used;
    const unit = valueOf(sequence[at]);
    if (value % 10 === 0 && value >= 20 && value < 100 && unit !== undefined && unit < 10) {
      value += unit;
      at++;
    }
    if (sequence[at] === "hundred") {
      value *= 100;
      at++;
      if (sequence[at] === "and" && valueOf(sequence[at + 1]) !== undefined) at++;
      const rest = valueOf(sequence[at]);
      if (rest !== undefined && rest < 100 && !/^\d+$/.test(sequence[at] ?? "")) {
        value += rest;
        at++;
      }
    }
    const span = sequence[at];
    if (span !== undefined && MILLION_WORDS.has(span)) {
      out.push(String(value), "million");
      at++;
    } else if (span === "decade" || span === "decades") {
      out.push(String(value * 10), "years");
      at++;
    } else if (span === "century" || span === "centuries") {
      out.push(String(value * 100), "years");
      at++;
    } else {
      out.push(String(value));
    }
    index = at - 1;
  }
  return out;
}
