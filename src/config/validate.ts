import { loadTemplateOverrides } from "../render/overrides.js";
import { parseIncidentConfigYaml } from "./load.js";
import type { ConfigError } from "./parse.js";
import { formMatchesConfig } from "../domain/issue-form.js";
import { unsetChannelWarnings } from "../outbound/notify.js";

/**
 * The checks a run makes of `.github/incident.yml` and the templates it names, on files read from anywhere: a
 * commit (the "Firebreak config" check) or a working copy (`firebreak validate`). The messages are the ones the
 * config issue and the incident note show.
 */

export const CONFIG_PATH = ".github/incident.yml";
/** The incident issue form: its severity and type options must be ones the configuration knows. */
export const FORM_PATH = ".github/ISSUE_TEMPLATE/incident.yml";

export type Validation =
  /** `formProblems`: where the issue form and the configuration disagree (the form's answers could not be read). */
  | { ok: true; absent: boolean; warnings: string[]; templates: string[]; formProblems: string[] }
  | { ok: false; error: ConfigError };

/** Whether the check passes: a usable configuration, and an issue form whose answers it can read. */
export function validationPasses(result: Validation): boolean {
  return result.ok && result.formProblems.length === 0;
}

/** `read` answers a repository path (`.github/incident.yml`, a template) with its text, or undefined. */
export async function validateConfig(
  read: (path: string) => Promise<string | undefined>,
  options: {
    source: string;
    repository: string;
    where: string;
    configPath?: string;
    /** Where outbound channels' variables are looked for, with the words that name it; not checked without it. */
    env?: { variables: Readonly<Record<string, string | undefined>>; named: string };
  },
): Promise<Validation> {
  const text = await read(options.configPath ?? CONFIG_PATH);
  if (text === undefined) return { ok: true, absent: true, warnings: [], templates: [], formProblems: [] };
  const parsed = parseIncidentConfigYaml(text, options.source);
  if (!parsed.ok) return parsed;
  const overrides = await loadTemplateOverrides(parsed.config, read, options.repository, options.where);
  if (overrides.error) return { ok: false, error: overrides.error };
  const templates = Object.values(parsed.config.templates).filter((path): path is string => !!path);
  const form = await read(FORM_PATH);
  const formProblems = form === undefined ? [] : formMatchesConfig(form, parsed.config);
  const unset = options.env ? unsetChannelWarnings(parsed.config, options.env.variables, options.env.named) : [];
  return { ok: true, absent: false, warnings: [...parsed.warnings, ...unset], templates, formProblems };
}

/** The same result as a check run's title and summary (Markdown). */
export function validationReport(result: Validation, source: string): { title: string; summary: string } {
  if (!result.ok) {
    const count = result.error.issues.length;
    return {
      title: `${count === 1 ? "1 problem" : `${count} problems`} in the Firebreak configuration`,
      summary: result.error.toMarkdown(),
    };
  }
  if (result.absent)
    return {
      title: "No configuration: the defaults apply",
      summary: `There is no \`${source}\`: Firebreak uses its defaults.`,
    };
  if (result.formProblems.length)
    return {
      title: "The issue form and the Firebreak configuration disagree",
      summary: [
        `\`${FORM_PATH}\` offers answers Firebreak cannot read with this configuration, or leaves some out:`,
        "",
        ...result.formProblems.map((problem) => `- ${problem}`),
      ].join("\n"),
    };
  const warnings = result.warnings.map((warning) => `- ${warning}`);
  return {
    title: "The Firebreak configuration is valid",
    summary: [
      `\`${source}\`${result.templates.length ? ` and the templates it names (${result.templates.map((t) => `\`${t}\``).join(", ")})` : ""} can be used.`,
      ...(warnings.length ? ["", "Worth a look (these do not stop Firebreak):", "", ...warnings] : []),
    ].join("\n"),
  };
}
