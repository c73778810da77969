/**
 * The schema of `.github/incident.yml`: the single source of truth for its shape, its defaults
 * (taken from runbook-defaults.ts) and the descriptions that editors show through `incident.schema.json`.
 *
 * Every object is strict so a misspelt key is an error, not a silently ignored setting.
 * Durations are parsed here, once, into `{ text, ms }` (see duration.ts), so no other code parses
 * one. Checks that relate one field to another (does this severity exist?) are not refinements
 * here: they live in `parse.ts`, so this schema stays one that `z.toJSONSchema` can represent
 * completely.
 *
 * A description saying "Planned: not used yet." names a setting Firebreak accepts but does not act
 * on yet: descriptions promise only what the app does.
 */
import { z } from "zod";
import { PERMISSION_LEVELS, PHASES, ROLES, type SeverityKey } from "../domain/vocabulary.js";
import { durationFix, durationPattern, parseDuration, type Duration, type DurationWord } from "./duration.js";
import {
  DEFAULT_ACTION_ITEMS,
  DEFAULT_BUSINESS_HOURS,
  DEFAULT_CONTACTS,
  DEFAULT_METRICS,
  DEFAULT_ON_CALL,
  DEFAULT_PERMISSIONS,
  DEFAULT_PHASES,
  DEFAULT_POSTMORTEM,
  DEFAULT_ROLES,
  DEFAULT_SEVERITIES,
  DEFAULT_SEVERITY,
  DEFAULT_TIME_ZONE,
  DEFAULT_TYPES,
} from "./runbook-defaults.js";
import { PRESET_NAMES } from "./presets/index.js";

/** Same rule as `isSeverityKey` in vocabulary.ts, spelt as a pattern so the JSON Schema can carry it. */
const SEVERITY_KEY_PATTERN = /^sev[1-9]$/;
const KEBAB_KEY_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const CLOCK_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const LABEL_COLOR_PATTERN = /^[0-9a-fA-F]{6}$/;
/** What @probot/octokit-plugin-config accepts for `_extends` (it matches ignoring case; a JSON Schema pattern cannot). */
const PROBOT_EXTENDS_PATTERN =
  /^(?:[A-Za-z\d](?:[A-Za-z\d]|-(?=[A-Za-z\d])){0,38}\/)?[-.\w]+(?::[-./\w]+\.[yY][aA]?[mM][lL])?$/;
/** A GitHub login (`alice`, `@alice`) or a team (`@acme/sre`). */
const GITHUB_HANDLE_PATTERN = /^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]+)?$/;

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * The pattern check keeps the runtime honest; the transform only narrows the TypeScript type to
 * vocabulary's `SeverityKey` (a regex cannot do that), and is invisible to the input JSON Schema.
 */
const severityKey = z
  .string()
  .regex(SEVERITY_KEY_PATTERN, { error: "a severity key is sev1 … sev9 (sev1 is the most severe)" })
  .transform((key) => key as SeverityKey);

const kebabKey = (what: string) =>
  z.string().regex(KEBAB_KEY_PATTERN, { error: `a ${what} key is kebab-case, such as "on-call-primary"` });

const githubHandle = z
  .string()
  .regex(GITHUB_HANDLE_PATTERN, { error: 'expected a GitHub login ("alice", "@alice") or team ("@acme/sre")' });

/** Marks a setting that later work will act on; until then saying so is the honest description. */
const PLANNED = "Planned: not used yet.";
const planned = (description: string) => `${PLANNED} ${description}`;

const NEXT_BUSINESS_DAY = "next business day";
const NO_UPDATES = "none";

/**
 * A duration such as "5m", "1h" or "2d", parsed once into `{ text, ms }`. The pattern is what editors
 * check (the parse enforces the same rule); a value that fails it is reported with its fix, never read as 0.
 */
function duration(description: string) {
  return z
    .string()
    .meta({ pattern: durationPattern().source })
    .transform((text, ctx): Duration => parseDuration(text) ?? notADuration(ctx, text, []))
    .describe(`${description} A duration such as "5m", "1h" or "2d".`);
}

/** A duration, or the one word the field allows instead (which parses to `{ text: word, ms: null }`). */
function durationOr<const W extends string>(word: W, description: string) {
  return z
    .string()
    .meta({ pattern: durationPattern([word]).source })
    .transform((text, ctx): Duration | DurationWord<W> =>
      text === word ? { text: word, ms: null } : (parseDuration(text) ?? notADuration(ctx, text, [word])),
    )
    .describe(description);
}

/** Marks the issue of a value that is not a duration (`params.kind`); `params.fix` says what to write instead. */
export const DURATION_ISSUE = "duration";

function notADuration(ctx: z.core.$RefinementCtx, text: string, words: readonly string[]): never {
  const params = { kind: DURATION_ISSUE, fix: durationFix(text, words) };
  ctx.issues.push({ code: "custom", input: text, message: `${JSON.stringify(text)} is not a duration`, params });
  return z.NEVER;
}

const escalationStepSchema = z
  .strictObject({
    after: duration('Time since the incident was declared. "0m" means immediately.'),
    notify: z
      .array(z.string())
      .default(() => [])
      .describe(
        'Contact keys (see `contacts`) this step is for. The declaration comment mentions the GitHub handles of the steps due immediately ("0m"); the dashboard lists every step\'s contacts.',
      ),
    action: z
      .string()
      .default("")
      .describe('What this step asks people to do, in words, e.g. "Page all on-call engineers".'),
    unless: z
      .enum(["acknowledged", "resolved"])
      .default("acknowledged")
      .describe(
        'What makes this step unnecessary: "acknowledged" (someone answered the page with /ack, the default) or "resolved" (it fires while the incident is open, e.g. notifying stakeholders). Resolution stops every step.',
      ),
  })
  .describe("One escalation step: after this long, these contacts are due to be notified.");

const severitySchema = z
  .strictObject({
    name: z.string().default("").describe('Human name of the severity, e.g. "Critical".'),
    definition: z.string().default("").describe("One sentence saying when this severity applies."),
    examples: z
      .array(z.string())
      .default(() => [])
      .describe(planned("Typical situations of this severity.")),
    responseTime: durationOr(
      NEXT_BUSINESS_DAY,
      'How soon someone must acknowledge (`/ack`): a duration such as "5m", or "next business day" (see `businessHours`). The dashboard shows when it is due and whether it was met.',
    ).prefault(NEXT_BUSINESS_DAY),
    updateCadence: durationOr(
      NO_UPDATES,
      'How often a status update is expected while the incident is open: a duration such as "15m", or "none". The dashboard shows when the next one is due.',
    ).prefault(NO_UPDATES),
    escalation: z
      .array(escalationStepSchema)
      .default(() => [])
      .describe(
        "Escalation steps in order of `after`: the dashboard lists each with its due time, the declaration comment mentions the contacts of the steps due immediately, and a sweep (Actions schedule or the server's interval) mentions each later step's contacts once when it falls due, unless it is no longer needed.",
      ),
    labelColor: z
      .string()
      .regex(LABEL_COLOR_PATTERN, { error: 'a label colour is six hex digits without "#", e.g. "b60205"' })
      .default("ededed")
      .describe('Colour of this severity\'s label, six hex digits without "#".'),
  })
  .describe("A severity level. Its key (sev1 …) is also its label.");

const severitiesSchema = z.record(severityKey, severitySchema);

const phaseSchema = z
  .strictObject({
    description: z
      .string()
      .default("")
      .describe("What happens in this phase; its first 100 characters describe the phase's label."),
  })
  .describe("A phase of an incident; its label is `status:<phase>`.");

const phasesSchema = z.record(z.enum(PHASES), phaseSchema);

const roleSchema = z
  .strictObject({
    name: z.string().default("").describe('Human name of the role, e.g. "Incident commander".'),
    responsibilities: z
      .array(z.string())
      .default(() => [])
      .describe(planned("What the holder of this role does.")),
  })
  .describe("A response role, assigned with its slash command.");

const rolesSchema = z.record(z.enum(ROLES), roleSchema);

const incidentTypeSchema = z
  .strictObject({
    name: z.string().default("").describe('Human name of the incident type, e.g. "Database issues".'),
    symptoms: z
      .array(z.string())
      .default(() => [])
      .describe(planned("How this kind of incident shows itself.")),
    investigation: z
      .array(z.string())
      .default(() => [])
      .describe(planned("Investigation steps, in order.")),
    checklist: z
      .array(z.string())
      .default(() => [])
      .describe(
        "Response and resolution steps as short imperative lines, in order; becomes a task list in the incident.",
      ),
    defaultSeverity: severityKey
      .optional()
      .describe("Severity used when an incident of this type is declared without one; `defaultSeverity` otherwise."),
    sensitive: z
      .boolean()
      .optional()
      .describe(
        "Incidents of this type (e.g. security incidents) are moved to `security.repository`, need `permissions.sensitive` to change, are sent only to channels marked `sensitive`, and never appear on the public status page. Default: false.",
      ),
  })
  .describe("A kind of incident with its symptoms and checklist.");

const typesSchema = z.record(kebabKey("type"), incidentTypeSchema);

const contactSchema = z
  .strictObject({
    description: z.string().default("").describe("Who this contact is, for people reading this file."),
    github: z
      .array(githubHandle)
      .default(() => [])
      .describe("GitHub logins or teams mentioned when this contact is notified. Empty: nobody is mentioned."),
  })
  .describe("A person or group that escalation steps name.");

const contactsSchema = z.record(kebabKey("contact"), contactSchema);

const businessHoursSchema = z
  .strictObject({
    start: z
      .string()
      .regex(CLOCK_PATTERN, { error: 'expected a 24-hour time "HH:MM", e.g. "09:00"' })
      .default(DEFAULT_BUSINESS_HOURS.start)
      .describe('Start of the working day, "HH:MM" in `timeZone`.'),
    end: z
      .string()
      .regex(CLOCK_PATTERN, { error: 'expected a 24-hour time "HH:MM", e.g. "17:00"' })
      .default(DEFAULT_BUSINESS_HOURS.end)
      .describe('End of the working day, "HH:MM" in `timeZone`.'),
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1, { error: "list at least one working day" })
      .default(() => [...DEFAULT_BUSINESS_HOURS.days])
      .describe('Working days; "next business day" response times count only these.'),
  })
  .describe('Working hours, used to compute "next business day".');

/** `none` is what GitHub reports for strangers, so it is never a sensible minimum. */
const requiredPermission = z.enum(PERMISSION_LEVELS).exclude(["none"]);

const permissionsSchema = z
  .strictObject({
    declare: requiredPermission
      .default(DEFAULT_PERMISSIONS.declare)
      .describe("Minimum repository permission to declare an incident."),
    command: requiredPermission
      .default(DEFAULT_PERMISSIONS.command)
      .describe("Minimum repository permission to run state-changing commands or change incident labels."),
    sensitive: requiredPermission
      .default(DEFAULT_PERMISSIONS.sensitive)
      .describe(
        "Minimum repository permission to change an incident once it is of a `sensitive` type (a security incident). Declaring one needs only `declare`: reporting must stay easy.",
      ),
  })
  .describe("Who may do what, as GitHub repository permission levels.");

const securitySchema = z
  .strictObject({
    repository: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'expected "owner/name", e.g. "acme/security-incidents"' })
      .optional()
      .describe(
        "The private repository incidents of a `sensitive` type are run in (same owner; Firebreak installed on it). An incident declared elsewhere is transferred there, with its comments, and a placeholder without details is left behind. Unset: sensitive incidents stay where they are declared.",
      ),
  })
  .describe("Where security incidents are handled.");

const onCallShiftSchema = z
  .strictObject({
    primary: githubHandle.describe("Primary on-call engineer for the week."),
    secondary: githubHandle.optional().describe("Secondary on-call engineer for the week."),
    escalation: githubHandle.optional().describe("Escalation contact for the week (the runbooks' team lead)."),
  })
  .describe("One week of the rota.");

const onCallSchema = z
  .strictObject({
    rotation: z
      .enum(["weekly"])
      .default(DEFAULT_ON_CALL.rotation)
      .describe("How often the rota advances to its next row."),
    startsOn: z
      .string()
      .regex(ISO_DATE_PATTERN, { error: 'expected a date "YYYY-MM-DD"' })
      .default(DEFAULT_ON_CALL.startsOn)
      .describe('The Monday on which row 1 of `schedule` is on call, "YYYY-MM-DD" in `timeZone`.'),
    schedule: z
      .array(onCallShiftSchema)
      .default(() => structuredClone(DEFAULT_ON_CALL.schedule))
      .describe("Rota rows, one per week, repeated in order. Empty: the on-call contacts' `github` lists are used."),
    escalationPath: z
      .array(z.string())
      .default(() => [...DEFAULT_ON_CALL.escalationPath])
      .describe(
        "Contact keys in the order people are escalated to when nobody responds: after the severity's configured steps, a sweep mentions the next one every response time until someone acknowledges; `/oncall` lists whom they mean now.",
      ),
    autoCommander: z
      .boolean()
      .default(DEFAULT_ON_CALL.autoCommander)
      .describe(
        "On declaration, make the primary on call the incident commander (assigned and mentioned), unless the declaring comment names one; `/ic` replaces them.",
      ),
  })
  .describe("On-call rota (the on-call contacts resolve to this week's row) and escalation path.");

const postmortemMilestoneSchema = z
  .strictObject({
    after: duration("Time since the incident was resolved."),
    description: z.string().describe("What must be done by then; the post-mortem lists it with its due time."),
  })
  .describe("A post-incident deadline, counted from resolution.");

const postmortemSchema = z
  .strictObject({
    dueWithin: duration(
      "The post-mortem is due this long after resolution; its document and pull request say when.",
    ).prefault(DEFAULT_POSTMORTEM.dueWithin),
    folder: z
      .string()
      .min(1)
      .default(DEFAULT_POSTMORTEM.folder)
      .describe("Repository folder the post-mortem document (`<incident id>.md`) is proposed in."),
    severities: z
      .array(severityKey)
      .default(() => [...DEFAULT_POSTMORTEM.severities])
      .describe("Severities whose resolution opens a post-mortem pull request. Empty: none is opened."),
    reviewers: z
      .array(z.enum(ROLES))
      .default(() => [...DEFAULT_POSTMORTEM.reviewers])
      .describe("Role keys (commander, tech, comms, support) whose holders are asked to review the post-mortem."),
    attendees: z
      .array(z.string())
      .default(() => [...DEFAULT_POSTMORTEM.attendees])
      .describe(planned("Role keys (commander, tech, comms, support) and contact keys invited to every review.")),
    attendeesBySeverity: z
      .record(severityKey, z.array(z.string()))
      .default(() => structuredClone(DEFAULT_POSTMORTEM.attendeesBySeverity))
      .describe(planned("Extra role or contact keys invited to reviews of the given severities.")),
    milestones: z
      .array(postmortemMilestoneSchema)
      .prefault(() => structuredClone(DEFAULT_POSTMORTEM.milestones))
      .describe("Follow-up deadlines after resolution, in order; the post-mortem lists each with its due time."),
  })
  .describe("The post-mortem: a document proposed in a pull request after an incident is resolved.");

const statusComponentSchema = z
  .strictObject({
    name: z.string().min(1).describe('The component\'s public name, e.g. "Checkout".'),
    types: z
      .array(kebabKey("type"))
      .default(() => [])
      .describe("Incident type keys whose open incidents affect this component."),
  })
  .describe("A component on the status page.");

const statusPageSchema = z
  .strictObject({
    url: z
      .string()
      .regex(/^https?:\/\/\S+$/, { error: 'expected a web address, e.g. "https://status.example.com"' })
      .optional()
      .describe("Where stakeholders follow the incident in real time; the stakeholder notification links it."),
    publish: z
      .boolean()
      .default(false)
      .describe(
        "Generate the status page (`status.json`, `index.html`, `STATUS.md`) from the incidents and commit it to `branch` on each sweep. Off: nothing is written.",
      ),
    branch: z
      .string()
      .regex(/^(?!\/)(?!.*\.\.)(?!.*\/$)[\w./-]+$/, { error: 'expected a branch name, e.g. "gh-pages"' })
      .default("gh-pages")
      .describe("The branch the status page is committed to (GitHub Pages can serve it); created when missing."),
    components: z
      .array(statusComponentSchema)
      .default(() => [])
      .describe("The components the page lists; each is affected by the open incidents of its incident types."),
  })
  .describe("The public status page.");

const remindersSchema = z
  .strictObject({
    noCommanderAfter: duration(
      "How long an open incident may go without an incident commander before a sweep reminds the on-call people (once).",
    ).prefault("15m"),
  })
  .describe(
    "Reminders a sweep posts once when something is late: acknowledgement (against the severity's response time), status updates (against its cadence), no incident commander, the post-mortem and its milestones, and overdue action items.",
  );

const serviceSchema = z
  .strictObject({
    paths: z
      .array(z.string().min(1))
      .default(() => [])
      .describe('Where the service lives in this repository, as globs such as "services/checkout/**".'),
    labels: z
      .array(z.string().min(1))
      .default(() => [])
      .describe("Labels that say an incident affects this service (on the incident issue, ignoring case)."),
  })
  .describe("One service of the repository: changes to its paths are the first suspects of its incidents.");

const servicesSchema = z.record(kebabKey("service"), serviceSchema);

const suspectsSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe("List the changes that landed before the impact started when an incident is declared."),
    window: duration("How far back before the impact started (else detection) changes are listed.").prefault("24h"),
    windowBySeverity: z
      .record(severityKey, duration("How far back changes are listed for incidents of this severity."))
      .default(() => ({}))
      .describe("The window per severity, where it differs from `window`."),
    highlightPaths: z
      .array(z.string().min(1))
      .default(() => [".github/workflows/**", "deploy/**", "**/Dockerfile"])
      .describe("Globs of files the runbook names (deployment workflows, infrastructure): a change to one ranks high."),
    productionEnvironments: z
      .array(z.string().min(1))
      .default(() => ["production"])
      .describe("Deployment environments that are production (ignoring case): their latest deployment ranks high."),
    shown: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(5)
      .describe("How many suspects the dashboard shows; the post-mortem's timeline lists them all."),
    label: z
      .string()
      .default("")
      .describe('A label put on a pull request marked with `/suspect` (e.g. "incident:suspect"); empty: none.'),
    codeowners: z
      .string()
      .default(".github/CODEOWNERS")
      .describe(
        "The CODEOWNERS file whose sections (a comment line `# checkout` above its paths) name services besides `services`; empty: not read.",
      ),
  })
  .describe(
    "Suspect changes: pull requests merged into the default branch, direct pushes, releases and deployments that landed shortly before an incident, ranked by the affected service's paths and deployment recency.",
  );

const actionItemsSchema = z
  .strictObject({
    due: z
      .record(severityKey, duration("Time an action item has from its creation."))
      .prefault(() => structuredClone(DEFAULT_ACTION_ITEMS.due))
      .describe(
        "Default deadline of an action item (`/action` without `due:`), by the incident's severity. Keys you add join the defaults.",
      ),
  })
  .describe("Follow-up work opened as issues (`/action`).");

const metricsSchema = z
  .strictObject({
    excludeTypes: z
      .array(kebabKey("type"))
      .default(() => [...DEFAULT_METRICS.excludeTypes])
      .describe(
        "Incident type keys that are drills or maintenance: the monthly report counts their incidents apart and leaves them out of the time metrics, counts and repeats.",
      ),
    repeatWindow: duration(
      "An incident is a repeat when an earlier one of the same type and root-cause category was declared at most this long before it.",
    ).prefault(DEFAULT_METRICS.repeatWindow),
    goals: z
      .strictObject({
        mttrReductionPercent: z
          .number()
          .min(0)
          .max(100)
          .default(DEFAULT_METRICS.goals.mttrReductionPercent)
          .describe(
            "Quarterly goal: reduce the median time to resolve (MTTR) by this percentage against the previous quarter. 0: no goal.",
          ),
        incidentCountReductionPercent: z
          .number()
          .min(0)
          .max(100)
          .default(DEFAULT_METRICS.goals.incidentCountReductionPercent)
          .describe(
            "Quarterly goal: reduce the number of incidents (false positives and excluded types not counted) by this percentage against the previous quarter. 0: no goal.",
          ),
        eliminateRepeatIncidents: z
          .boolean()
          .default(DEFAULT_METRICS.goals.eliminateRepeatIncidents)
          .describe("Quarterly goal: no repeat incident (same type and root-cause category within `repeatWindow`)."),
        improveDetectionCoverage: z
          .boolean()
          .default(DEFAULT_METRICS.goals.improveDetectionCoverage)
          .describe(
            "Quarterly goal: detect faster (a lower median time to detect, MTTD) and record when impact started on a larger share of incidents than the previous quarter.",
          ),
      })
      .default(() => structuredClone(DEFAULT_METRICS.goals))
      .describe("Quarterly goals the monthly incident report shows progress against."),
  })
  .describe(
    "The monthly incident report: time to detect, acknowledge, mitigate and resolve, counts, repeats and false positives.",
  );

/** What an outbound channel can be told about; every one by default. */
export const NOTIFY_EVENTS = [
  "declared",
  "severity",
  "phase",
  "update",
  "stakeholders",
  "resolved",
  "escalation",
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

const channelSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, { error: "a channel name is kebab-case, e.g. ops-slack" })
      .describe("The channel's name, used in logs and failure notes."),
    type: z
      .enum(["slack", "teams", "json"])
      .describe(
        '"slack" (incoming webhook, Block Kit), "teams" (Workflows webhook, Adaptive Card 1.4) or "json" (Firebreak\'s versioned event object).',
      ),
    url_env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, { error: "expected an environment variable name, e.g. FIREBREAK_SLACK_URL" })
      .describe(
        "The environment variable holding the webhook URL (a secret: the URL is never read from the repository).",
      ),
    severities: z.array(severityKey).optional().describe("Only incidents of these severities are sent (default: all)."),
    events: z
      .array(z.enum(NOTIFY_EVENTS))
      .default(() => [...NOTIFY_EVENTS])
      .describe("Which events are sent (default: all)."),
    sensitive: z
      .boolean()
      .default(false)
      .describe("Whether incidents of a `sensitive` type (security incidents) are sent here; off by default."),
  })
  .describe("One outbound channel.");

const notificationsSchema = z
  .strictObject({
    channels: z
      .array(channelSchema)
      .default(() => [])
      .refine((channels) => new Set(channels.map((channel) => channel.name)).size === channels.length, {
        error: "channel names must be unique",
      })
      .describe("Slack, Teams or JSON webhooks told about incidents as they happen."),
  })
  .describe("Outbound notifications.");
export type ChannelConfig = z.output<typeof channelSchema>;

/** Firebreak's built-in templates (templates/<name>.md.hbs), each of which a repository may replace. */
const TEMPLATE_NAMES = [
  "dashboard",
  "status-update",
  "declared",
  "reply",
  "undone",
  "form-edited",
  "postmortem",
  "stakeholders",
  "moved",
  "moved-here",
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

const templatePath = z.string().regex(/^(?!\/)(?!.*\.\.)[\w./-]+\.hbs$/, {
  error: 'expected a path in this repository ending in ".hbs", e.g. ".github/incident/dashboard.md.hbs"',
});

const templatesSchema = z
  .partialRecord(z.enum(TEMPLATE_NAMES), templatePath)
  .describe(
    "Handlebars templates of your own, by name, as paths in this repository; the built-in one is used for every name left out.",
  );

/**
 * Defaults are functions returning fresh copies: zod 4 hands a `.default()` value out as is,
 * and a config object that a caller mutates must never change the next repository's defaults.
 */
export const incidentConfigSchema = z
  .strictObject({
    _extends: z
      .string()
      .regex(PROBOT_EXTENDS_PATTERN, { error: 'expected "repo", "owner/repo" or "owner/repo:path/to/file.yml"' })
      .optional()
      .describe(
        'Start from another repository\'s file and apply this one over it: "repo", "owner/repo" or "owner/repo:path/to/file.yml" (Probot\'s config inheritance). Lists in this file replace the inherited ones.',
      ),
    preset: z
      .enum(PRESET_NAMES)
      .optional()
      .describe(
        'Start from a complete shipped runbook instead of the generic defaults: "tradewizard" (the TradeWizard Automated Market Monitor\'s incident response plan) or "snipping-bot" (the Snipping Bot\'s incident runbook). This file applies over it, like `_extends`.',
      ),
    timeZone: z
      .string()
      .default(DEFAULT_TIME_ZONE)
      .describe('IANA time zone used to show times to people, e.g. "Europe/Berlin".'),
    businessHours: businessHoursSchema.default(() => structuredClone(DEFAULT_BUSINESS_HOURS)),
    permissions: permissionsSchema.default(() => structuredClone(DEFAULT_PERMISSIONS)),
    defaultSeverity: severityKey
      .default(DEFAULT_SEVERITY)
      .describe("Severity of a declared incident that names none (and whose type has no `defaultSeverity`)."),
    severities: severitiesSchema
      .prefault(() => structuredClone(DEFAULT_SEVERITIES))
      .describe(
        "Severity levels by key, sev1 most severe. Keys you add join the defaults; set a key to null to drop it.",
      ),
    phases: phasesSchema
      .default(() => structuredClone(DEFAULT_PHASES))
      .describe("The five phases an incident moves through."),
    roles: rolesSchema.default(() => structuredClone(DEFAULT_ROLES)).describe("The four response roles."),
    types: typesSchema
      .default(() => structuredClone(DEFAULT_TYPES))
      .describe("Incident types by kebab-case key. Keys you add join the defaults; set a key to null to drop it."),
    contacts: contactsSchema
      .default(() => structuredClone(DEFAULT_CONTACTS))
      .describe("People and groups escalations notify, by kebab-case key."),
    onCall: onCallSchema.default(() => structuredClone(DEFAULT_ON_CALL)),
    postmortem: postmortemSchema.prefault(() => structuredClone(DEFAULT_POSTMORTEM)),
    actionItems: actionItemsSchema.prefault(() => structuredClone(DEFAULT_ACTION_ITEMS)),
    reminders: remindersSchema.prefault(() => ({})),
    statusPage: statusPageSchema.prefault(() => ({})),
    metrics: metricsSchema.prefault(() => structuredClone(DEFAULT_METRICS)),
    services: servicesSchema
      .default(() => ({}))
      .describe(
        "The repository's services by kebab-case key: their paths and the labels that mark their incidents. An incident type of the same key names its service.",
      ),
    suspects: suspectsSchema.prefault(() => ({})),
    templates: templatesSchema.default(() => ({})),
    notifications: notificationsSchema.default(() => ({ channels: [] })),
    security: securitySchema.default(() => ({})),
  })
  .describe("Firebreak incident response configuration (.github/incident.yml).")
  // Probot follows `_extends` before Firebreak sees the file; the demo and tests, reading text, cannot.
  // `preset` was applied as the base the file was merged over (parse.ts).
  .transform(({ _extends, preset: _preset, ...config }) => config);

export type IncidentConfig = z.output<typeof incidentConfigSchema>;
export type IncidentConfigInput = z.input<typeof incidentConfigSchema>;
export type SeverityConfigInput = z.input<typeof severitySchema>;
export type EscalationStep = z.output<typeof escalationStepSchema>;
export type PhaseConfig = z.output<typeof phaseSchema>;
export type RoleConfig = z.output<typeof roleSchema>;
export type IncidentTypeConfig = z.output<typeof incidentTypeSchema>;
export type ContactConfig = z.output<typeof contactSchema>;
export type BusinessHours = z.output<typeof businessHoursSchema>;
export type OnCallShift = z.output<typeof onCallShiftSchema>;
