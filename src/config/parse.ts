/**
 * Turns whatever `.github/incident.yml` held into an IncidentConfig, or into a ConfigError that a
 * person can act on: file, path into the file, what is wrong and, where known, the fix.
 * Nothing here throws for a user's mistake.
 */
import leven from "leven";
import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import { ROLES, isSeverityKey, type SeverityKey } from "../domain/vocabulary.js";
import { defaultConfig } from "./defaults.js";
import { baseConfigFor } from "./presets/index.js";
import { DURATION_ISSUE, incidentConfigSchema, type EscalationStep, type IncidentConfig } from "./schema.js";

export interface ConfigIssue {
  /** Where in the file, e.g. `severities.sev1.responseTime`; `(yaml)` for syntax errors, `(root)` for the whole file. */
  path: string;
  /** What is wrong. */
  message: string;
  /** How to fix it, when we know. */
  fix?: string;
  /** 1-based line and column, for YAML syntax errors. */
  line?: number;
  column?: number;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";

  /** `warnings` would not stop Firebreak on their own; they are reported with the problems so nobody fixes twice. */
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
    readonly warnings: readonly string[] = [],
  ) {
    super(renderText(source, issues, warnings));
  }

  /**
   * For the "Action required" issue: mentions in user-supplied values are defused so nobody is pinged, and a
   * backtick in a key cannot close the code span it is shown in.
   */
  toMarkdown(): string {
    const lines = listed(this.issues).map((issue) => {
      const fix = issue.fix ? ` **Fix:** ${defuseMentions(clip(issue.fix))}` : "";
      return `- \`${clip(issue.path).replace(/`/g, "ˋ")}\`${lineText(issue)}: ${defuseMentions(clip(issue.message))}${fix}`;
    });
    const warnings = listed(this.warnings).map((warning) => `- ${defuseMentions(clip(warning))}`);
    // Only warnings (a channel's variable unset where Firebreak runs): the file itself is usable.
    if (this.issues.length === 0)
      return [`\`${this.source}\` can be used, but needs attention:`, "", ...warnings, ...unlisted(this.warnings)].join(
        "\n",
      );
    const alsoWarned =
      warnings.length > 0
        ? ["", "Worth a look too (these alone would not stop Firebreak):", "", ...warnings, ...unlisted(this.warnings)]
        : [];
    return [
      `Firebreak cannot use \`${this.source}\` (${problemCount(this.issues)}):`,
      "",
      ...lines,
      ...unlisted(this.issues),
      ...alsoWarned,
    ].join("\n");
  }
}

/**
 * A config full of mistakes, or one 32 KB key echoed in a path and a message, must still be reported: GitHub
 * refuses a comment over 65,536 characters. So a report lists the first problems, each cut to a readable length.
 */
const REPORT_LIMITS = { issues: 50, chars: 200 } as const;

function listed<T>(issues: readonly T[]): readonly T[] {
  return issues.slice(0, REPORT_LIMITS.issues);
}

function unlisted(issues: readonly unknown[]): string[] {
  const more = issues.length - REPORT_LIMITS.issues;
  return more > 0 ? [`…and ${more} more (fix these first).`] : [];
}

function clip(text: string): string {
  return text.length > REPORT_LIMITS.chars ? `${text.slice(0, REPORT_LIMITS.chars - 1)}…` : text;
}

function problemCount(issues: readonly ConfigIssue[]): string {
  return issues.length === 1 ? "1 problem" : `${issues.length} problems`;
}

export type ParseResult = { ok: true; config: IncidentConfig; warnings: string[] } | { ok: false; error: ConfigError };

/**
 * Merge semantics. A repository states only what differs from the runbook defaults, so the
 * user's object is merged over `runbookConfig()` (the defaults as a file would state them), or over the
 * `preset` it names, *before* strict validation:
 * - objects and records merge key by key, recursively: `severities.sev1.responseTime: 2m` keeps
 *   every other sev1 field and every other severity;
 * - arrays and scalars replace (appending to `escalation` or `examples` would leave no way to
 *   shorten them);
 * - `null` removes a key: a record entry (`types: { database: null }`) disappears, a field falls
 *   back to its schema default;
 * - a key the defaults lack (`severities.sev5`) starts from the schema's per-field defaults.
 * Validating after the merge means unknown keys and wrong types are still reported at the path
 * the user wrote, since the defaults themselves are valid.
 */
function mergeOverDefaults(defaults: unknown, override: unknown): unknown {
  if (!isPlainObject(override)) return override;
  const merged: Record<string, unknown> = {};
  const base = isPlainObject(defaults) ? defaults : {};
  for (const [key, value] of Object.entries(base)) defineKey(merged, key, value);
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete merged[key];
    else defineKey(merged, key, mergeOverDefaults(Object.hasOwn(base, key) ? base[key] : undefined, value));
  }
  return merged;
}

export function parseIncidentConfig(raw: unknown, source: string): ParseResult {
  if (raw === null || raw === undefined) return { ok: true, config: defaultConfig(), warnings: [] };

  const suggestions = new Suggestions();
  const merged = mergeOverDefaults(baseConfigFor(raw), raw);
  const parsed = incidentConfigSchema.safeParse(merged, { reportInput: true });
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((issue) => toConfigIssues(issue, suggestions));
    return {
      ok: false,
      error: new ConfigError(source, [...issues, ...errorsBesideDurations(merged, parsed.error.issues, suggestions)]),
    };
  }

  const { errors, warnings } = checkSemantics(parsed.data, suggestions);
  warnings.push(...unfollowedExtends(raw));
  if (errors.length > 0) return { ok: false, error: new ConfigError(source, errors, warnings) };
  return { ok: true, config: parsed.data, warnings };
}

/**
 * The schema checks durations, yet a bad one should not hide what only the semantic checks find (an
 * unknown severity, say), or fixing one problem would only reveal the next. So when durations are all
 * the schema refused, the rest is checked with each of them read as "0m"; its warnings are left for the
 * next report, as a stand-in duration could cause one.
 */
function errorsBesideDurations(
  merged: unknown,
  issues: readonly z.core.$ZodIssue[],
  suggestions: Suggestions,
): ConfigIssue[] {
  if (!issues.every((issue) => issue.code === "custom" && issue.params?.kind === DURATION_ISSUE)) return [];
  const standIn = structuredClone(merged);
  for (const issue of issues) replaceAt(standIn, issue.path, "0m");
  const reparsed = incidentConfigSchema.safeParse(standIn);
  return reparsed.success ? checkSemantics(reparsed.data, suggestions).errors : [];
}

function replaceAt(root: unknown, path: readonly PropertyKey[], value: unknown): void {
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (isIndexable(node) ? node[key] : undefined), root);
  const key = path.at(-1);
  if (isIndexable(parent) && key !== undefined) parent[key] = value;
}

function isIndexable(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === "object" && value !== null;
}

/** Probot follows and removes `_extends` before the app sees a file; text read any other way (the demo, tests) still holds it. */
function unfollowedExtends(raw: unknown): string[] {
  if (!isPlainObject(raw) || typeof raw._extends !== "string") return [];
  return ["_extends is followed only when the app reads the file from GitHub; this file was checked on its own"];
}

/** The configured severity keys, most severe (sev1) first. */
export function severityKeys(config: Pick<IncidentConfig, "severities">): SeverityKey[] {
  return Object.keys(config.severities)
    .filter(isSeverityKey)
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
}

// ---------------------------------------------------------------------------------------------
// Zod issues → ConfigIssues

function toConfigIssues(issue: z.core.$ZodIssue, suggestions: Suggestions): ConfigIssue[] {
  const path = issue.path;
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeysAt(path);
      return issue.keys.map((key) => ({
        path: formatPath([...path, key]),
        message: `unknown key ${JSON.stringify(key)}`,
        fix: unknownKeyFix(key, known, suggestions),
      }));
    }
    case "custom": {
      const fix: unknown = issue.params?.fix;
      return [{ path: formatPath(path), message: issue.message, ...(typeof fix === "string" ? { fix } : {}) }];
    }
    case "invalid_key":
      return issue.issues.map(
        (inner) => severityKeyIssue(path, inner, suggestions) ?? { path: formatPath(path), message: inner.message },
      );
    case "invalid_format":
      return [severityKeyIssue(path, issue, suggestions) ?? { path: formatPath(path), message: issue.message }];
    case "invalid_type": {
      if (issue.input === undefined) {
        return [
          {
            path: formatPath(path),
            message: `missing ${issue.expected}`,
            fix: "add it, or remove the `null` that dropped it",
          },
        ];
      }
      if (typeof issue.input === "number" && isDurationAt(path)) {
        const amount = issue.input;
        return [
          {
            path: formatPath(path),
            message: `expected a duration, got the bare number ${amount}`,
            fix: `use a unit, e.g. \`${amount}m\` (${amount} minutes) or \`${amount}h\` (${amount} hours)`,
          },
        ];
      }
      const message = `expected ${issue.expected}, got ${describeValue(issue.input)}`;
      return [{ path: formatPath(path), message, ...typeFix(issue.expected, issue.input) }];
    }
    case "invalid_value": {
      const allowed = issue.values.map((value) => JSON.stringify(value));
      const got = issue.input === undefined ? "" : `, got ${describeValue(issue.input)}`;
      const suggestion =
        typeof issue.input === "string" ? suggestions.closest(issue.input, issue.values.map(String)) : undefined;
      return [
        {
          path: formatPath(path),
          message: `expected one of ${allowed.join(", ")}${got}`,
          ...(suggestion ? { fix: `did you mean ${JSON.stringify(suggestion)}?` } : {}),
        },
      ];
    }
    default:
      return [{ path: formatPath(path), message: issue.message }];
  }
}

function typeFix(expected: string, input: unknown): { fix: string } | Record<string, never> {
  if (expected === "string" && (input instanceof Date || typeof input === "number" || typeof input === "boolean")) {
    return { fix: "quote the value so YAML reads it as text" };
  }
  if (expected === "array" && typeof input === "string") return { fix: "write a list: `- item` lines or `[a, b]`" };
  return {};
}

/** Walks the schema along an issue path to find which keys a strict object accepts there. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  const object = schemaAt(path);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
}

function schemaAt(path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let schema: z.core.$ZodType | undefined = incidentConfigSchema;
  for (const segment of path) {
    schema = schema && childSchema(unwrap(schema), segment);
  }
  return schema && unwrap(schema);
}

/** A duration field: its text pattern (what editors check) accepts "5m". */
function isDurationAt(path: readonly PropertyKey[]): boolean {
  const schema = schemaAt(path);
  const pattern: unknown = schema && z.globalRegistry.get(schema as z.ZodType)?.pattern;
  return typeof pattern === "string" && new RegExp(pattern).test("5m");
}

const SEVERITY_KEY_MESSAGE = "a severity key is sev1";
const SEVERITY_KEY_CANDIDATES = ["sev1", "sev2", "sev3", "sev4", "sev5", "sev6", "sev7", "sev8", "sev9"];

/** A value or key that is not `sev1` … `sev9`: echoes what was written and suggests the nearest key. */
function severityKeyIssue(
  path: readonly PropertyKey[],
  issue: { message: string; input?: unknown },
  suggestions: Suggestions,
): ConfigIssue | undefined {
  if (!issue.message.startsWith(SEVERITY_KEY_MESSAGE) || typeof issue.input !== "string") return undefined;
  const written = issue.input;
  const suggestion = suggestions.closest(written, SEVERITY_KEY_CANDIDATES);
  return {
    path: formatPath(path),
    message: `${JSON.stringify(truncate(written))} is not a severity key: ${issue.message}`,
    fix: suggestion ? `did you mean ${JSON.stringify(suggestion)}?` : "write sev1 … sev9, e.g. `sev2`",
  };
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodOptional)
      current = current.unwrap();
    else if (current instanceof z.ZodPipe) current = current.in;
    else return current;
  }
}

function childSchema(schema: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType | undefined {
  if (schema instanceof z.ZodObject && typeof segment === "string") {
    const shape: Record<string, z.core.$ZodType> = schema.shape;
    return Object.hasOwn(shape, segment) ? shape[segment] : undefined;
  }
  if (schema instanceof z.ZodRecord) return schema.valueType;
  if (schema instanceof z.ZodArray) return schema.element;
  return undefined;
}

function unknownKeyFix(key: string, known: readonly string[], suggestions: Suggestions): string {
  const suggestion = suggestions.closest(key, known);
  if (suggestion) return `did you mean ${JSON.stringify(suggestion)}?`;
  return known.length > 0 ? `remove it; known keys here: ${known.join(", ")}` : "remove it";
}

// ---------------------------------------------------------------------------------------------
// Semantic checks: relations between fields, after the shape is known to be right

interface Findings {
  errors: ConfigIssue[];
  warnings: string[];
}

function checkSemantics(config: IncidentConfig, suggestions: Suggestions): Findings {
  const checks = new SemanticChecks(config, suggestions);
  checks.timeZoneAndHours();
  checks.severities();
  checks.types();
  checks.onCall();
  checks.postmortem();
  checks.security();
  return checks.findings;
}

/** One pass of checks over a config whose shape is right; each finding names its path. */
class SemanticChecks {
  readonly findings: Findings = { errors: [], warnings: [] };
  private readonly severityKeys: SeverityKey[];
  private readonly contactKeys: string[];

  constructor(
    private readonly config: IncidentConfig,
    private readonly suggestions: Suggestions,
  ) {
    this.severityKeys = severityKeys(config);
    this.contactKeys = Object.keys(config.contacts);
  }

  timeZoneAndHours(): void {
    const { timeZone, businessHours } = this.config;
    if (!IANAZone.isValidZone(timeZone)) {
      this.error(
        "timeZone",
        `unknown time zone ${JSON.stringify(timeZone)}`,
        'use an IANA name such as "UTC" or "Europe/Berlin"',
      );
    }
    const { start, end, days } = businessHours;
    if (start >= end)
      this.error(
        "businessHours.end",
        `the working day ends (${end}) before it starts (${start})`,
        "make `end` later than `start`",
      );
    if (new Set(days).size !== days.length)
      this.findings.warnings.push("businessHours.days lists a day more than once");
  }

  severities(): void {
    if (this.severityKeys.length === 0) {
      this.error(
        "severities",
        "no severities are defined",
        "define at least one, e.g. `sev1: { name: Critical }`, or remove the nulls",
      );
    }
    this.severity("defaultSeverity", this.config.defaultSeverity);
    for (const key of this.severityKeys) {
      const severity = this.config.severities[key];
      if (!severity) continue;
      if (severity.name.trim() === "")
        this.findings.warnings.push(`severities.${key}.name is empty; the key ${key} is shown instead`);
      this.escalation(`severities.${key}.escalation`, severity.escalation);
    }
  }

  types(): void {
    for (const [key, type] of Object.entries(this.config.types)) {
      if (type.defaultSeverity !== undefined) this.severity(`types.${key}.defaultSeverity`, type.defaultSeverity);
    }
  }

  onCall(): void {
    const { escalationPath, startsOn } = this.config.onCall;
    escalationPath.forEach((contact, i) => {
      this.contact(`onCall.escalationPath[${i}]`, contact);
    });
    const date = DateTime.fromISO(startsOn, { zone: "UTC" });
    if (!date.isValid) {
      this.error(
        "onCall.startsOn",
        `${JSON.stringify(startsOn)} is not a calendar date`,
        'write a real date, e.g. "2026-01-05"',
      );
    } else if (date.weekday !== 1) {
      this.findings.warnings.push(
        `onCall.startsOn (${startsOn}) is a ${date.weekdayLong}; weekly rotas usually start on a Monday`,
      );
    }
  }

  /** A private repository nothing would be moved to. */
  security(): void {
    const sensitive = Object.values(this.config.types).some((type) => type.sensitive);
    if (this.config.security.repository && !sensitive)
      this.findings.warnings.push(
        "security.repository is set, but no type is marked `sensitive: true`: no incident is moved there",
      );
  }

  postmortem(): void {
    const { attendees, attendeesBySeverity, severities } = this.config.postmortem;
    severities.forEach((key, i) => {
      this.severity(`postmortem.severities[${i}]`, key);
    });
    // The defaults name sev1 … sev4, and a repository that drops a severity need not drop its deadline too.
    for (const severity of Object.keys(this.config.actionItems.due)) {
      if (!Object.hasOwn(this.config.severities, severity))
        this.findings.warnings.push(`actionItems.due.${severity} names no defined severity; it is not used`);
    }
    attendees.forEach((key, i) => {
      this.attendee(`postmortem.attendees[${i}]`, key);
    });
    for (const [severity, keys] of Object.entries(attendeesBySeverity)) {
      if (isSeverityKey(severity)) this.severity(`postmortem.attendeesBySeverity.${severity}`, severity);
      keys.forEach((key, i) => {
        this.attendee(`postmortem.attendeesBySeverity.${severity}[${i}]`, key);
      });
    }
  }

  private escalation(at: string, steps: readonly EscalationStep[]): void {
    steps.forEach((step, index) => {
      const previous = steps[index - 1];
      if (previous && step.after.ms < previous.after.ms) {
        this.findings.warnings.push(
          `${at}[${index}].after comes before the step above it; steps are sent in time order`,
        );
      }
      step.notify.forEach((contact, i) => {
        this.contact(`${at}[${index}].notify[${i}]`, contact);
      });
    });
  }

  private severity(path: string, key: SeverityKey): void {
    if (Object.hasOwn(this.config.severities, key)) return;
    const known = this.severityKeys.join(", ") || "none";
    this.error(path, `unknown severity ${key}; known: ${known}`, `use a known severity or define severities.${key}`);
  }

  private contact(path: string, key: string): void {
    if (Object.hasOwn(this.config.contacts, key)) return;
    const known = this.contactKeys.join(", ") || "none";
    this.error(
      path,
      `unknown contact ${JSON.stringify(key)}; known: ${known}`,
      this.suggestions.fix(key, this.contactKeys, "or add it under `contacts`"),
    );
  }

  private attendee(path: string, key: string): void {
    const attendeeKeys = [...ROLES, ...this.contactKeys];
    if (attendeeKeys.includes(key)) return;
    const message = `unknown attendee ${JSON.stringify(key)}; use a role (${ROLES.join(", ")}) or a contact key`;
    this.error(path, message, this.suggestions.fix(key, attendeeKeys));
  }

  private error(path: string, message: string, fix?: string): void {
    this.findings.errors.push({ path, message, ...(fix ? { fix } : {}) });
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderText(source: string, issues: readonly ConfigIssue[], warnings: readonly string[]): string {
  const body = listed(issues).map((issue) => {
    const where =
      issue.line === undefined
        ? `${source}: ${clip(issue.path)}`
        : `${source}:${issue.line}${issue.column === undefined ? "" : `:${issue.column}`}`;
    const fix = issue.fix ? `\n  → fix: ${clip(issue.fix)}` : "";
    return `✖ ${where}: ${clip(issue.message)}${fix}`;
  });
  const warned = listed(warnings).map((warning) => `⚠ ${source}: ${clip(warning)}`);
  const headline = issues.length === 0 ? `${source}: needs attention` : `${source}: ${problemCount(issues)}`;
  return [headline, ...body, ...unlisted(issues), ...warned, ...unlisted(warnings)].join("\n");
}

/** `severities.sev1.escalation[0].after`; odd keys are quoted so the path stays unambiguous. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      const text = String(segment);
      if (/^[A-Za-z_][\w-]*$/.test(text)) return index === 0 ? text : `.${text}`;
      return `[${JSON.stringify(text)}]`;
    })
    .join("");
}

function lineText(issue: ConfigIssue): string {
  if (issue.line === undefined) return "";
  return ` line ${issue.line}${issue.column === undefined ? "" : `, column ${issue.column}`}`;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`;
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the text ${JSON.stringify(truncate(value))}`;
  return `${typeof value} ${String(value)}`;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function defuseMentions(text: string): string {
  return text.replace(/@/g, "@&#8203;");
}

/**
 * "Did you mean": the candidate within a small edit distance. A courtesy, so its work is bounded whatever the
 * file holds (one Node process serves every repository, and unbounded edit distances over a 32 KB config once
 * took seconds): over-long values and candidates are never compared, at most SUGGESTION_LIMITS.candidates
 * candidates are tried per value, leven stops counting at the cut-off, and one parse makes at most
 * SUGGESTION_LIMITS.comparisons comparisons. Past the budget a mistake is still reported, just without a guess.
 */
export const SUGGESTION_LIMITS = { length: 64, candidates: 200, comparisons: 5_000 } as const;

class Suggestions {
  private comparisonsLeft: number = SUGGESTION_LIMITS.comparisons;

  closest(value: string, candidates: readonly string[]): string | undefined {
    if (value.length > SUGGESTION_LIMITS.length) return undefined;
    const target = value.toLowerCase();
    let best: string | undefined;
    // Accept at most a third of the value's length in edits (and at least 2): leven counts no further.
    let maxDistance = Math.max(2, Math.floor(value.length / 3));
    for (const candidate of candidates.slice(0, SUGGESTION_LIMITS.candidates)) {
      if (candidate.length > SUGGESTION_LIMITS.length || Math.abs(candidate.length - value.length) > maxDistance)
        continue;
      if (this.comparisonsLeft-- <= 0) break;
      const distance = leven(target, candidate.toLowerCase(), { maxDistance: maxDistance + 1 });
      if (distance <= maxDistance) {
        best = candidate;
        maxDistance = distance - 1;
        if (maxDistance < 0) break;
      }
    }
    return best === value ? undefined : best;
  }

  fix(value: string, candidates: readonly string[], otherwise?: string): string | undefined {
    const suggestion = this.closest(value, candidates);
    if (suggestion) return `did you mean ${JSON.stringify(suggestion)}?${otherwise ? ` (${otherwise})` : ""}`;
    return otherwise;
  }
}

/** A mapping, from this realm or another (`structuredClone` and test sandboxes hand out foreign `Object.prototype`s). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** Keeps a YAML key like `__proto__` an ordinary own key (then rejected as unknown) instead of a prototype. */
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
