import type { IncidentConfig } from "../config/schema.js";
import type { Command, TimeSpec } from "./commands.types.js";
import type { IncidentState, TimelineEntry } from "./fold.js";
import type { Iso } from "./time.js";
import type { Phase, SeverityKey } from "./vocabulary.js";

/**
 * What an accepted command may do to the incident, as the fold offers it to a command's registry entry: the
 * state (simple fields are set directly), and the changes that keep the timeline and related fields in step.
 */
export interface CommandContext {
  readonly state: IncidentState;
  readonly config: IncidentConfig;
  /** When the command was given, by whom, and the input it came from. */
  readonly at: Iso;
  readonly actor: string;
  readonly source: string;
  /** Adds a timeline entry for this command (at its time, unless given). */
  note(kind: TimelineEntry["kind"], text: string, when?: Iso): void;
  declare(severity: SeverityKey | undefined, title: string | undefined): void;
  setSeverity(severity: SeverityKey): void;
  setPhase(phase: Phase): void;
  markFalsePositive(reason: string | undefined): void;
  /** An accepted `/action`: the plan opens (or links) the item once. */
  requestAction(command: Extract<Command, { name: "action" }>): void;
  /** An accepted `/postmortem`: the plan opens the pull request, or refreshes the open one. */
  requestPostmortem(): void;
  /** A time as the person typed it, read in the configured time zone relative to the command. */
  resolveTime(spec: TimeSpec): Iso;
}
