import type { IncidentConfig } from "../config/schema.js";
import type { CommandVocabulary } from "./commands.types.js";

/**
 * The fixed words of Firebreak's domain: phases, roles and permission levels.
 * Severities and incident types are configuration (see src/config/schema.ts); these are not.
 */

export const PHASES = ["investigating", "identified", "fixing", "monitoring", "resolved"] as const;
export type Phase = (typeof PHASES)[number];

/** Role keys; each has one slash command (`/ic @user`) and is named and described in config. */
export const ROLES = ["commander", "tech", "comms", "support"] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_COMMANDS: Record<Role, string> = {
  commander: "ic",
  tech: "tech",
  comms: "comms",
  support: "support",
};

/** GitHub's collaborator permission levels, weakest first (`none` is also what a non-collaborator's 404 means). */
export const PERMISSION_LEVELS = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

export function permits(held: PermissionLevel, required: PermissionLevel): boolean {
  return PERMISSION_LEVELS.indexOf(held) >= PERMISSION_LEVELS.indexOf(required);
}

/** A severity key: `sev1` is the most severe. */
export type SeverityKey = `sev${number}`;
export const isSeverityKey = (value: string): value is SeverityKey => /^sev[1-9]$/.test(value);

/** The words commands accept that come from config: severity keys and names, incident type keys. */
export function vocabularyOf(config: IncidentConfig): CommandVocabulary {
  return {
    severities: Object.entries(config.severities).map(([key, severity]) => ({
      key: key as SeverityKey,
      name: severity.name,
    })),
    types: Object.keys(config.types),
  };
}
