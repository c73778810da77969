import type { IncidentConfig } from "../config/schema.js";
import { isStateChanging, requiredPermission } from "./commands.js";
import type { HumanInput, IncidentInput } from "./inputs.js";
import type { StoredVerdict, StoredVerdicts, Verdict, Verdicts } from "./markers.js";
import { isIncidentLabel, isPhaseLabel, isSeverityLabel } from "./labels.js";
import type { Iso } from "./time.js";
import { permits, type PermissionLevel, PERMISSION_LEVELS } from "./vocabulary.js";

/**
 * What an input is judged by: the config's permissions and, once the incident is of a sensitive type (a
 * security incident), since when: input after that needs `permissions.sensitive` too.
 */
export interface Rules {
  config: IncidentConfig;
  sensitiveSince?: Iso;
}

/**
 * Who may change an incident. Each person's input gets one verdict when the app first sees it; the ledger
 * keeps it, so replaying history later does not depend on today's permissions.
 */

export function changesState(input: HumanInput, config: IncidentConfig): boolean {
  switch (input.type) {
    case "comment":
      return input.lines.some((line) => line.ok && isStateChanging(line.command));
    case "label-added":
      return isIncidentLabel(input.label) || isSeverityLabel(input.label, config) || isPhaseLabel(input.label);
    case "label-removed":
      // Taking a state label off changes nothing (the projection puts it back), so nobody's permission matters.
      return false;
    case "closed":
    case "reopened":
    case "renamed":
      return true;
  }
}

export function judge(input: HumanInput, permissionOf: (login: string) => PermissionLevel, rules: Rules): Verdict {
  const held = permissionOf(input.actor);
  if (!permits(held, neededFor(input, rules))) return refusal(input, `held:${held}`, rules);
  if (input.type === "comment") {
    for (const line of input.lines) {
      if (line.ok && line.command.name === "role" && permissionOf(line.command.user) === "none")
        return refusal(input, `target:${line.command.user}`, rules);
    }
  }
  return { ok: true };
}

function declares(input: HumanInput): boolean {
  return (
    (input.type === "comment" && input.lines.some((line) => line.ok && line.command.name === "declare")) ||
    (input.type === "label-added" && isIncidentLabel(input.label))
  );
}

/** Which configured permission an input needs: its commands' registry entries say; the `incident` label declares. */
function permissionKeyFor(input: HumanInput): "declare" | "command" {
  if (input.type === "label-added" && isIncidentLabel(input.label)) return "declare";
  const needsDeclare =
    input.type === "comment" && input.lines.some((line) => line.ok && requiredPermission(line.command) === "declare");
  return needsDeclare ? "declare" : "command";
}

function neededFor(input: HumanInput, rules: Rules): PermissionLevel {
  const { permissions } = rules.config;
  const key = permissionKeyFor(input);
  return restricted(input, rules) ? stricter(permissions[key], permissions.sensitive) : permissions[key];
}

/** Changing an incident that was already sensitive; declaring one never is (reporting must stay easy). */
function restricted(input: HumanInput, { sensitiveSince }: Rules): boolean {
  return sensitiveSince !== undefined && input.at > sensitiveSince && permissionKeyFor(input) !== "declare";
}

function stricter(a: PermissionLevel, b: PermissionLevel): PermissionLevel {
  return PERMISSION_LEVELS.indexOf(a) >= PERMISSION_LEVELS.indexOf(b) ? a : b;
}

/** A refusal from its code: the same explanation whether decided now or read back from a record. */
function refusal(input: HumanInput, code: string, rules: Rules): Verdict & { ok: false } {
  if (code.startsWith("held:")) {
    const held = code.slice("held:".length) as PermissionLevel;
    return {
      ok: false,
      code,
      reason: permissionRefusal(
        input.actor,
        held,
        neededFor(input, rules),
        permissionKeyFor(input) === "declare"
          ? "declaring an incident"
          : restricted(input, rules)
            ? "changing a security incident"
            : "changing an incident",
      ),
    };
  }
  if (code.startsWith("target:")) {
    return {
      ok: false,
      code,
      reason: `\`@${code.slice("target:".length)}\` is not a collaborator on this repository, so they cannot hold a role or be assigned.`,
    };
  }
  return { ok: false, code, reason: "This was refused when Firebreak first saw it." };
}

function fromStored(input: HumanInput, stored: StoredVerdict, rules: Rules): Verdict {
  return stored === 1 ? { ok: true } : refusal(input, stored, rules);
}

/** Why someone's action was refused, in the words every refusal uses. */
export function permissionRefusal(
  login: string,
  held: PermissionLevel,
  needed: PermissionLevel,
  doing: string,
): string {
  return `\`@${login}\` has ${held === "none" ? "no" : `\`${held}\``} permission on this repository; ${doing} needs \`${needed}\` or higher.`;
}

/** A permission lookup: undefined while it has not been asked (the run's lookups are bounded). */
export type PermissionLookup = (login: string) => PermissionLevel | undefined;

/**
 * Inputs whose verdict matters. Comments made before anything could declare the incident cannot change it
 * (the fold answers them "not an incident yet"), so a reader's thousand bare commands on an ordinary issue
 * cost no lookup and no record when it is declared later.
 */
function inputsNeedingVerdicts(inputs: readonly IncidentInput[], config: IncidentConfig): HumanInput[] {
  const ordered = [...inputs].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq));
  const firstDeclaring = ordered.findIndex(
    (input) => input.type === "alert" || (isHumanInput(input) && declares(input)),
  );
  return ordered.filter((input, index): input is HumanInput => {
    if (!isHumanInput(input) || !changesState(input, config)) return false;
    return input.type !== "comment" || declares(input) || (firstDeclaring >= 0 && index > firstDeclaring);
  });
}

/**
 * Verdicts for every input that needs one, reusing the recorded ones and judging the new ones whose people's
 * permissions are known; an input left unjudged (its lookup did not fit this run) counts on a later run.
 */
export function completeVerdicts(
  inputs: IncidentInput[],
  ledger: StoredVerdicts,
  permissionOf: PermissionLookup,
  config: IncidentConfig,
  sensitiveSince?: Iso,
): Verdicts {
  const rules = { config, sensitiveSince };
  const verdicts: Verdicts = {};
  for (const input of inputsNeedingVerdicts(inputs, config)) {
    const stored = ledger[input.key];
    if (stored !== undefined) verdicts[input.key] = fromStored(input, stored, rules);
    else if (loginsStillNeeded(input, permissionOf, rules).length === 0)
      verdicts[input.key] = judge(input, (login) => permissionOf(login) ?? "none", rules);
  }
  return verdicts;
}

/**
 * Whose permission must still be looked up for inputs without a verdict: the actor first, and the people a
 * command names for a role only once the actor may change the incident (a reader naming twenty people costs one lookup).
 */
export function unjudgedLogins(
  inputs: IncidentInput[],
  ledger: StoredVerdicts,
  config: IncidentConfig,
  permissionOf: PermissionLookup = () => undefined,
): string[] {
  const logins = new Set<string>();
  for (const input of inputsNeedingVerdicts(inputs, config)) {
    if (ledger[input.key] !== undefined) continue;
    for (const login of loginsStillNeeded(input, permissionOf, { config })) logins.add(login);
  }
  return [...logins];
}

function loginsStillNeeded(input: HumanInput, permissionOf: PermissionLookup, rules: Rules): string[] {
  const held = permissionOf(input.actor);
  if (held === undefined) return [input.actor];
  if (!permits(held, neededFor(input, rules)) || input.type !== "comment") return [];
  return input.lines.flatMap((line) =>
    line.ok && line.command.name === "role" && permissionOf(line.command.user) === undefined ? [line.command.user] : [],
  );
}

function isHumanInput(input: IncidentInput): input is HumanInput {
  return (
    input.type === "comment" ||
    input.type === "label-added" ||
    input.type === "label-removed" ||
    input.type === "closed" ||
    input.type === "reopened" ||
    input.type === "renamed"
  );
}
