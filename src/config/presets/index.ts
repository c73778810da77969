/**
 * Presets: complete runbooks a repository selects with `preset: <name>` in `.github/incident.yml`. The preset
 * replaces the built-in defaults as the base the file is merged over (the file's own keys apply over it, as
 * with `_extends`); whatever a preset leaves out (time zone, business hours, permissions …) stays the default.
 * Data only: nothing here imports the schema's values. Each use gets a fresh copy, as the defaults do.
 */
import type { IncidentConfigInput } from "../schema.js";
import { runbookConfig } from "../runbook-defaults.js";
import { SNIPPING_BOT_PRESET } from "./snipping-bot.js";
import { TRADEWIZARD_PRESET } from "./tradewizard.js";

export const PRESET_NAMES = ["tradewizard", "snipping-bot"] as const;
type PresetName = (typeof PRESET_NAMES)[number];

const PRESETS: Record<PresetName, IncidentConfigInput> = {
  tradewizard: TRADEWIZARD_PRESET,
  "snipping-bot": SNIPPING_BOT_PRESET,
};

/**
 * The base a repository's file is merged over: the defaults, with a known `preset`'s top-level keys in place of
 * theirs (a preset's types replace the default types rather than joining them). An unknown preset name leaves
 * the defaults, and the schema reports the name.
 */
export function baseConfigFor(raw: unknown): IncidentConfigInput {
  const name = typeof raw === "object" && raw !== null && "preset" in raw ? raw.preset : undefined;
  const preset = PRESET_NAMES.find((known) => known === name);
  return preset ? { ...runbookConfig(), ...structuredClone(PRESETS[preset]) } : runbookConfig();
}
