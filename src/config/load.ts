/**
 * Reading `.github/incident.yml`: through Probot's `context.config` in the app, from text in the
 * demo and tests. Both end in `parseIncidentConfig`, and a file the user got wrong (bad YAML, a
 * bad `_extends`) becomes the same ConfigError as a bad value, never an exception.
 */
import { loadAll } from "js-yaml";
import { ConfigError, parseIncidentConfig, type ConfigIssue, type ParseResult } from "./parse.js";

const CONFIG_FILE = "incident.yml";

/** The part of Probot's Context used here; a Probot `Context` satisfies it. */
export interface ConfigContext {
  config(
    file: string,
    defaults?: undefined,
    mergeOptions?: { arrayMerge: (target: unknown[], source: unknown[]) => unknown[] },
  ): Promise<unknown>;
  repo(): { owner: string; repo: string };
  /** Warnings about a config that is still usable go here: they ask nobody on the issue to act. */
  log: { warn(message: string): void };
}

export async function loadIncidentConfig(context: ConfigContext): Promise<ParseResult> {
  const { owner, repo } = context.repo();
  const source = `${owner}/${repo}/.github/${CONFIG_FILE}`;
  let raw: unknown;
  try {
    // No defaults, so a missing file is `null` rather than `{}`. Probot resolves `_extends` and
    // deep-merges the files; by default that concatenates arrays, which would double every list
    // a repository restates from its org-wide base. Replacing them matches parseIncidentConfig.
    raw = await context.config(CONFIG_FILE, undefined, { arrayMerge: (_base, override) => override });
  } catch (error) {
    const issue = userFacingLoadIssue(error);
    if (!issue) throw error;
    return { ok: false, error: new ConfigError(source, [issue]) };
  }
  const result = parseIncidentConfig(raw, source);
  if (result.ok) for (const warning of result.warnings) context.log.warn(`[${owner}/${repo}] ${source}: ${warning}`);
  return result;
}

/** For text read elsewhere (the demo, tests, a CLI check). Uses js-yaml's safe core schema: no custom tags. */
export function parseIncidentConfigYaml(text: string, source: string): ParseResult {
  let documents: unknown[];
  try {
    // loadAll, not load: js-yaml's `load` rejects a file of only comments, which is just an absent config.
    documents = loadAll(text, { filename: source });
  } catch (error) {
    return {
      ok: false,
      error: new ConfigError(source, [yamlIssue(error) ?? { path: "(yaml)", message: messageOf(error) }]),
    };
  }
  if (documents.length > 1) {
    return {
      ok: false,
      error: new ConfigError(source, [
        {
          path: "(yaml)",
          message: `${documents.length} YAML documents in one file`,
          fix: "remove the `---` separators; keep one document",
        },
      ]),
    };
  }
  return parseIncidentConfig(documents[0], source);
}

/**
 * Which load failures are the user's to fix. A YAML error, a config-plugin complaint (a directory
 * where the file should be, a malformed `_extends`) or a 4xx on an `_extends` target is; a 5xx or a
 * network error is GitHub's, and is rethrown so the event fails loudly instead of telling a
 * repository its valid config is broken.
 */
function userFacingLoadIssue(error: unknown): ConfigIssue | undefined {
  const yaml = yamlIssue(error);
  if (yaml) return yaml;
  const status = errorStatus(error);
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
    return {
      path: "(root)",
      message: `could not read the configuration (HTTP ${status}): ${messageOf(error)}`,
      fix: "check `_extends`: the repository and file must exist and be readable by the app",
    };
  }
  const message = messageOf(error);
  if (message.startsWith("[@probot/octokit-plugin-config]")) {
    return { path: "(root)", message: message.replace("[@probot/octokit-plugin-config] ", "") };
  }
  return undefined;
}

/**
 * Finds a YAML syntax error in the cause chain (Probot wraps the `yaml` package's error). js-yaml
 * marks are 0-based; the `yaml` package's `linePos` is 1-based.
 */
function yamlIssue(error: unknown): ConfigIssue | undefined {
  for (let current: unknown = error, depth = 0; isObject(current) && depth < 5; current = current.cause, depth++) {
    const mark = current.mark;
    if (current.name === "YAMLException" && isObject(mark) && typeof mark.line === "number") {
      const column = typeof mark.column === "number" ? mark.column + 1 : undefined;
      const reason = typeof current.reason === "string" ? current.reason : messageOf(current);
      return syntaxIssue(mark.line + 1, column, reason);
    }
    const linePos = current.linePos;
    if (Array.isArray(linePos) && isObject(linePos[0]) && typeof linePos[0].line === "number") {
      const column = typeof linePos[0].col === "number" ? linePos[0].col : undefined;
      const reason = (messageOf(current).split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
      return syntaxIssue(linePos[0].line, column, reason);
    }
  }
  return undefined;
}

function syntaxIssue(line: number, column: number | undefined, reason: string): ConfigIssue {
  return {
    path: "(yaml)",
    line,
    ...(column === undefined ? {} : { column }),
    message: reason,
    fix: /\btag\b/i.test(reason)
      ? "remove the tag: custom tags such as !!js/function are not accepted, write plain values"
      : "fix the YAML syntax (indentation, quotes, brackets)",
  };
}

function errorStatus(error: unknown): number | undefined {
  return isObject(error) && typeof error.status === "number" ? error.status : undefined;
}

function messageOf(error: unknown): string {
  return isObject(error) && typeof error.message === "string" ? error.message : String(error);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
