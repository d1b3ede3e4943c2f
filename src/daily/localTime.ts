/**
 * Parsing and formatting of the two things an admin types: a wall-clock time (HH:MM) and an
 * IANA time zone. Everything here uses Intl, so the zone rules are the runtime's tzdata.
 */
import { z } from "zod";

export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
}

/** 24-hour clock, one or two hour digits (9:05 and 09:05 both mean 09:05). */
const LOCAL_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export const localTimeSchema = z
  .string()
  .trim()
  .regex(LOCAL_TIME, { error: "Use a 24-hour time such as 09:00 or 18:30." })
  .transform((text): LocalTime => {
    const [hour, minute] = text.split(":").map(Number);
    return { hour: hour ?? 0, minute: minute ?? 0 };
  });

export function parseLocalTime(text: string): LocalTime | undefined {
  const parsed = localTimeSchema.safeParse(text);
  return parsed.success ? parsed.data : undefined;
}

export const formatLocalTime = (time: LocalTime): string =>
  `${String(time.hour).padStart(2, "0")}:${String(time.minute).padStart(2, "0")}`;

let supportedZones: readonly string[] | undefined;

/** Every zone the runtime knows, plus UTC (which supportedValuesOf leaves out on some versions). */
export function supportedTimeZones(): readonly string[] {
  supportedZones ??= [...new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])].sort();
  return supportedZones;
}

/**
 * The canonical spelling of a zone the runtime accepts, or undefined. Aliases such as
 * "US/Eastern" are accepted and kept as typed: Intl resolves them the same way every time.
 */
export function normalizeTimeZone(text: string): string | undefined {
  const zone = text.trim();
  if (zone === "" || zone.length > MAX_TIME_ZONE_LENGTH) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The longest IANA name is about 30 characters; anything far longer is not a zone. */
const MAX_TIME_ZONE_LENGTH = 64;

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = dateFormatters.get(zone);
  if (formatter === undefined) {
    // en-CA formats dates as YYYY-MM-DD, which is exactly the key we store.
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dateFormatters.set(zone, formatter);
  }
  return formatter;
}

/** The calendar date (YYYY-MM-DD) that `instant` falls on in `zone`. */
export function localDateOf(instant: Date, zone: string): string {
  const parts = dateFormatter(zone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}
