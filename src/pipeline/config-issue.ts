import { ConfigError } from "../config/parse.js";
import type { IncidentConfig } from "../config/schema.js";
import { CONFIG_PATH } from "../config/validate.js";
import { unsetChannelWarnings } from "../outbound/notify.js";
import { digest, readEmbeddedRecords, renderRecord, type SigningKeys } from "../domain/markers.js";
import type { IssuesPort } from "../github/port.js";

/**
 * The repository's one issue about its configuration, kept the way renovate keeps its "Action Required" issue:
 * opened by the app when `.github/incident.yml` (or a template it names) is broken, its body rewritten while the
 * problem lasts (only when the message changes), closed when the file is valid again. It is found by the app's
 * signed record in its body, never by its title, and written under a per-repository lock, so it is never doubled.
 */

export const CONFIG_ISSUE_TITLE = "Firebreak configuration needs attention";
const CONFIG_LABEL = {
  name: "firebreak:config",
  color: "d93f0b",
  description: "Firebreak cannot use its configuration: see the issue",
};
const RECORD_KIND = "config-issue";

/** What a run goes on with while the file is broken (see `LoadedConfig.from`). */
export type ConfigFallback = "file" | "last-valid" | "defaults";

export interface ConfigIssueOptions {
  keys: SigningKeys;
  appLogin: string;
  from: ConfigFallback;
  locks?: { run<T>(key: string, work: () => Promise<T>): Promise<T> };
}

/** Opens, updates or closes the config issue to match `problem`; returns its number while it is open. */
export async function reconcileConfigIssue(
  issues: IssuesPort,
  problem: ConfigError | undefined,
  options: ConfigIssueOptions,
): Promise<number | undefined> {
  const scope = `${issues.owner}/${issues.repo}`;
  const work = async () => {
    const open = await issues.listOpenIssuesByApp(CONFIG_LABEL.name, options.appLogin);
    const existing = open
      .map((issue) => ({ ...issue, record: readEmbeddedRecords(issue.body, RECORD_KIND, scope, options.keys)[0] }))
      .find((issue) => issue.record);
    if (!problem) {
      if (existing) await issues.updateIssue(existing.number, { state: "closed", state_reason: "completed" });
      return undefined;
    }
    const text = configIssueText(problem, options.from);
    const record = renderRecord(RECORD_KIND, { digest: digest(text) }, scope, options.keys);
    const body = `${text}\n\n${record}\n`;
    if (existing) {
      if (existing.record?.digest !== digest(text)) await issues.updateIssue(existing.number, { body });
      return existing.number;
    }
    await issues.ensureLabels([CONFIG_LABEL]);
    return issues.createIssue({ title: CONFIG_ISSUE_TITLE, body, labels: [CONFIG_LABEL.name] });
  };
  return options.locks ? options.locks.run(`${scope}#config-issue`, work) : work();
}

/** The app's own environment, as a warning names it (`firebreak validate` names its shell instead). */
const APP_ENVIRONMENT = "in the environment Firebreak runs in (the app's, or the workflow's `env:`)";

/**
 * A run's problem with its configuration: the file's, and each outbound channel whose variable is unset where
 * Firebreak runs. Tracked in the one config issue like a problem in the file, and gone (the issue closed) once
 * Firebreak runs with the variable set.
 */
export function withUnsetChannels(
  problem: ConfigError | undefined,
  config: Pick<IncidentConfig, "notifications">,
  scope: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConfigError | undefined {
  const unset = unsetChannelWarnings(config, env, APP_ENVIRONMENT);
  if (!unset.length) return problem;
  return problem
    ? new ConfigError(problem.source, problem.issues, [...problem.warnings, ...unset])
    : new ConfigError(`${scope}/${CONFIG_PATH}`, [], unset);
}

const FALLBACK_TEXT: Record<ConfigFallback, string> = {
  file: "Firebreak goes on with the configuration and uses its built-in template in place of each broken one.",
  "last-valid": "Firebreak goes on with the last configuration that was valid.",
  defaults: "Firebreak goes on with its built-in defaults (it has read no valid configuration yet).",
};

const HOW_TO_CHECK =
  "Check a change before it merges: the **Firebreak config** check runs on pull requests and pushes that change the file, and `npx firebreak validate .github/incident.yml` runs the same checks locally.";

function configIssueText(problem: ConfigError, from: ConfigFallback): string {
  if (!problem.issues.length)
    return [
      problem.toMarkdown(),
      "",
      "Incident response is not held up: only these channels hear nothing until their variables are set.",
      "",
      "This issue is updated while the problem lasts and closed once Firebreak runs with the variables set.",
    ].join("\n");
  return [
    problem.toMarkdown(),
    "",
    `Incident response is not held up: ${FALLBACK_TEXT[from]} Every command keeps working.`,
    "",
    HOW_TO_CHECK,
    "",
    "This issue is updated while the problem lasts and closed when the file is valid again.",
  ].join("\n");
}

/** The one note on an incident: what is wrong, what the incident goes on with, and where it is tracked. */
export function configNoteText(problemMarkdown: string, from: ConfigFallback, configIssue: number | undefined): string {
  const tracked = configIssue === undefined ? "" : ` #${configIssue} tracks it until it is fixed.`;
  return [
    `${FALLBACK_TEXT[from]} Every command on this incident keeps working.`,
    "",
    problemMarkdown,
    "",
    `Fix the file on the default branch (\`npx firebreak validate\` checks it locally).${tracked}`,
  ].join("\n");
}
