/**
 * Durations in `.github/incident.yml`: a number and a unit, such as "5m", "1.5h" or "2 days". The
 * schema parses each one once, when the config is loaded, into a `Duration` that keeps the text
 * people wrote (to show it back to them) beside its milliseconds (to compute with); nothing else
 * parses durations. The same pieces build the pattern the JSON Schema gives editors, so an editor
 * and Firebreak accept the same text.
 */

export interface Duration {
  /** As written in the file, e.g. "15m". */
  readonly text: string;
  readonly ms: number;
}

/** The one word a field allows instead of a duration ("none", "next business day"); it has no length. */
export interface DurationWord<W extends string> {
  readonly text: W;
  readonly ms: null;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Units are lowercase only: the `ms` package read "1M" as one minute, which nobody writing a month
 * means. There are no months (their length varies); a year is 365.25 days.
 */
const UNITS: readonly { spellings: string; ms: number }[] = [
  { spellings: "s|secs?|seconds?", ms: SECOND },
  { spellings: "m|mins?|minutes?", ms: MINUTE },
  { spellings: "h|hrs?|hours?", ms: HOUR },
  { spellings: "d|days?", ms: DAY },
  { spellings: "w|weeks?", ms: 7 * DAY },
  { spellings: "y|yrs?|years?", ms: 365.25 * DAY },
];

/** At most five digits before the point, so even "99999y" added to any date is still a date. */
const AMOUNT = String.raw`\d{1,5}(?:\.\d+)?`;
const ANY_UNIT = UNITS.map((unit) => unit.spellings).join("|");
const DURATION = new RegExp(`^(${AMOUNT}) ?(${ANY_UNIT})$`);
const UNIT_MATCHERS = UNITS.map((unit) => ({ matcher: new RegExp(`^(?:${unit.spellings})$`), ms: unit.ms }));

/** A duration, or one of `words`, and nothing else: what a duration field accepts. */
export function durationPattern(words: readonly string[] = []): RegExp {
  const alternatives = [`${AMOUNT} ?(?:${ANY_UNIT})`, ...words.map(escapeRegExp)];
  return new RegExp(`^(?:${alternatives.join("|")})$`);
}

export function parseDuration(text: string): Duration | undefined {
  const [, amount, unit] = DURATION.exec(text) ?? [];
  const unitMs = unit === undefined ? undefined : UNIT_MATCHERS.find(({ matcher }) => matcher.test(unit))?.ms;
  return amount === undefined || unitMs === undefined ? undefined : { text, ms: Math.round(Number(amount) * unitMs) };
}

/** How to fix a value that is neither a duration nor one of `words`. */
export function durationFix(text: string, words: readonly string[] = []): string {
  const lowercase = text.toLowerCase();
  if (words.includes(lowercase) || parseDuration(lowercase)) return `write it in lowercase: "${lowercase}"`;
  const alternatives = words.map((word) => `, or "${word}"`).join("");
  return `write a number and a unit, such as "5m", "1h" or "2d"${alternatives}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
