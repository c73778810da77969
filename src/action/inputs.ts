/**
 * What a GitHub Actions run tells Firebreak, read from the environment without side effects: the action's inputs
 * (`INPUT_<NAME>`) and the runner's `GITHUB_*` variables.
 */

export const DEFAULT_APP_LOGIN = "github-actions[bot]";

/** Events handled as the server handles their webhooks. */
const WEBHOOK_EVENTS = new Set(["issues", "issue_comment", "pull_request", "check_run", "repository_dispatch"]);
/** Events that sweep the repository: nothing in their payload is about an incident. */
const SWEEP_EVENTS = new Set(["schedule", "workflow_dispatch"]);

export type EventKind = "webhook" | "sweep" | "ignored";

export interface ActionConfig {
  token: string;
  signingKey: string;
  previousSigningKeys: string[];
  dryRun: boolean;
  budget: number | undefined;
  appLogin: string;
  eventName: string;
  kind: EventKind;
  eventPath: string | undefined;
  owner: string;
  repo: string;
  baseUrl: string;
  runId: string;
  summaryPath: string | undefined;
}

/** An input or variable that makes the run meaningless: reported as the run's error, before any request. */
export class ActionInputError extends Error {
  override readonly name = "ActionInputError";
}

export function eventKind(eventName: string): EventKind {
  if (WEBHOOK_EVENTS.has(eventName)) return "webhook";
  if (SWEEP_EVENTS.has(eventName)) return "sweep";
  return "ignored";
}

/**
 * An input as the runner passes it: `INPUT_` and the name upper-cased with hyphens kept (`INPUT_SIGNING-KEY`);
 * the underscore spelling is accepted too, as some wrappers and shells cannot set a hyphenated variable.
 */
export function input(env: NodeJS.ProcessEnv, name: string): string {
  const key = `INPUT_${name.toUpperCase()}`;
  return (env[key] ?? env[key.replaceAll("-", "_")] ?? "").trim();
}

/** YAML 1.2's booleans, as actions/toolkit's getBooleanInput reads them; empty is the default. */
function booleanInput(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const text = input(env, name);
  if (text === "") return fallback;
  if (["true", "True", "TRUE"].includes(text)) return true;
  if (["false", "False", "FALSE"].includes(text)) return false;
  throw new ActionInputError(`Input ${name} must be true or false; got ${JSON.stringify(text)}`);
}

function budgetInput(env: NodeJS.ProcessEnv): number | undefined {
  const text = input(env, "budget");
  if (text === "") return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text)))
    throw new ActionInputError(
      `Input budget must be a whole number of requests (1 or more); got ${JSON.stringify(text)}`,
    );
  return Number(text);
}

function appLoginInput(env: NodeJS.ProcessEnv): string {
  const login = input(env, "app-login") || DEFAULT_APP_LOGIN;
  // Markers are trusted only in this login's comments: a typo here would silently distrust every record.
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*(\[bot\])?$/.test(login))
    throw new ActionInputError(
      `Input app-login must be a GitHub login such as my-app[bot]; got ${JSON.stringify(login)}`,
    );
  return login;
}

function repository(env: NodeJS.ProcessEnv): { owner: string; repo: string } {
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? "").trim().split("/");
  if (!owner || !repo || rest.length > 0)
    throw new ActionInputError(
      `GITHUB_REPOSITORY must be owner/name (set by the runner); got ${JSON.stringify(env.GITHUB_REPOSITORY ?? "")}`,
    );
  return { owner, repo };
}

/** A webhook event is handled from its payload, which the runner writes to this file. */
function eventPath(env: NodeJS.ProcessEnv, kind: EventKind): string | undefined {
  const path = env.GITHUB_EVENT_PATH?.trim() || undefined;
  if (kind === "webhook" && !path)
    throw new ActionInputError("GITHUB_EVENT_PATH is not set: the event's payload is needed.");
  return path;
}

function required(value: string, message: string): string {
  if (!value) throw new ActionInputError(message);
  return value;
}

/** Every input and variable the run needs, checked; throws ActionInputError on the first bad one. */
export function readActionConfig(env: NodeJS.ProcessEnv): ActionConfig {
  const eventName = required(env.GITHUB_EVENT_NAME?.trim() ?? "", "GITHUB_EVENT_NAME is not set: run this as a step.");
  const kind = eventKind(eventName);
  const token = input(env, "github-token") || (env.GITHUB_TOKEN ?? "").trim();
  return {
    token: required(token, "Input github-token is empty: pass the workflow's github.token or an App token."),
    signingKey: required(
      input(env, "signing-key") || (env.FIREBREAK_SIGNING_KEY ?? "").trim(),
      "Input signing-key is empty: set it from a secret (for example secrets.FIREBREAK_SIGNING_KEY) shared by every run and server of this app. See README › Security.",
    ),
    previousSigningKeys: (env.FIREBREAK_SIGNING_KEY_PREVIOUS ?? "")
      .split(",")
      .map((key) => key.trim())
      .filter(Boolean),
    dryRun: booleanInput(env, "dry-run", false),
    budget: budgetInput(env),
    appLogin: appLoginInput(env),
    eventName,
    kind,
    eventPath: eventPath(env, kind),
    ...repository(env),
    baseUrl: (env.GITHUB_API_URL?.trim() || "https://api.github.com").replace(/\/+$/, ""),
    runId: env.GITHUB_RUN_ID?.trim() || `local-${eventName}`,
    summaryPath: env.GITHUB_STEP_SUMMARY?.trim() || undefined,
  };
}
