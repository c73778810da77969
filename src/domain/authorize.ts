import type { IncidentConfig } from "../config/schema.js";
import { isStateChanging } from "./commands.js";
import type { HumanInput, IncidentInput } from "./inputs.js";
import type { StoredVerdict, StoredVerdicts, Verdict, Verdicts } from "./markers.js";
import { isIncidentLabel, isPhaseLabel, isSeverityLabel } from "./labels.js";
import { permits, type PermissionLevel } from "./vocabulary.js";

/**
 * Who may change an incident. Each person's input gets one verdict when the app first sees it; the ledger
 * keeps it, so replaying history later does not depend on today's permissions.
 */

/** The people whose permission decides the input (the actor, and anyone it names for a role), or none if it cannot change state. */
export function loginsToCheck(input: HumanInput, config: IncidentConfig): string[] {
  if (!changesState(input, config)) return [];
  if (input.type !== "comment") return [input.actor];
  const targets = input.lines.flatMap((line) => (line.ok && line.command.name === "role" ? [line.command.user] : []));
  return [input.actor, ...targets];
}

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

export function judge(input: HumanInput, permissionOf: (login: string) => PermissionLevel, config: IncidentConfig): Verdict {
  const held = permissionOf(input.actor);
  if (!permits(held, neededFor(input, config))) return refusal(input, `held:${held}`, config);
  if (input.type === "comment") {
    for (const line of input.lines) {
      if (line.ok && line.command.name === "role" && permissionOf(line.command.user) === "none") return refusal(input, `target:${line.command.user}`, config);
    }
  }
  return { ok: true };
}

function declares(input: HumanInput): boolean {
  return (input.type === "comment" && input.lines.some((line) => line.ok && line.command.name === "declare")) || (input.type === "label-added" && isIncidentLabel(input.label));
}

function neededFor(input: HumanInput, config: IncidentConfig): PermissionLevel {
  return declares(input) ? config.permissions.declare : config.permissions.command;
}

/** A refusal from its code: the same explanation whether decided now or read back from a record. */
export function refusal(input: HumanInput, code: string, config: IncidentConfig): Verdict & { ok: false } {
  if (code.startsWith("held:")) {
    const held = code.slice("held:".length) as PermissionLevel;
    return { ok: false, code, reason: permissionRefusal(input.actor, held, neededFor(input, config), declares(input) ? "declaring an incident" : "changing an incident") };
  }
  if (code.startsWith("target:")) {
    return { ok: false, code, reason: `\`@${code.slice("target:".length)}\` is not a collaborator on this repository, so they cannot hold a role or be assigned.` };
  }
  return { ok: false, code, reason: "This was refused when Firebreak first saw it." };
}

function fromStored(input: HumanInput, stored: StoredVerdict, config: IncidentConfig): Verdict {
  return stored === 1 ? { ok: true } : refusal(input, stored, config);
}

/** Why someone's action was refused, in the words every refusal uses. */
export function permissionRefusal(login: string, held: PermissionLevel, needed: PermissionLevel, doing: string): string {
  return `\`@${login}\` has ${held === "none" ? "no" : `\`${held}\``} permission on this repository; ${doing} needs \`${needed}\` or higher.`;
}

/** Verdicts for every input that needs one, reusing the ledger's and judging only the new ones. */
export function completeVerdicts(
  inputs: IncidentInput[],
  ledger: StoredVerdicts,
  permissionOf: (login: string) => PermissionLevel,
  config: IncidentConfig,
): Verdicts {
  const verdicts: Verdicts = {};
  for (const input of inputs) {
    if (!isHumanInput(input) || !changesState(input, config)) continue;
    const stored = ledger[input.key];
    verdicts[input.key] = stored === undefined ? judge(input, permissionOf, config) : fromStored(input, stored, config);
  }
  return verdicts;
}

/** Logins whose permission must be looked up because an input of theirs has no verdict yet. */
export function unjudgedLogins(inputs: IncidentInput[], ledger: StoredVerdicts, config: IncidentConfig): string[] {
  const logins = new Set<string>();
  for (const input of inputs) {
    if (!isHumanInput(input) || ledger[input.key]) continue;
    for (const login of loginsToCheck(input, config)) logins.add(login);
  }
  return [...logins];
}

export function isHumanInput(input: IncidentInput): input is HumanInput {
  return input.type === "comment" || input.type === "label-added" || input.type === "label-removed" || input.type === "closed" || input.type === "reopened" || input.type === "renamed";
}
