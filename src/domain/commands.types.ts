import type { DueSpec } from "./action-items.js";
import type { Phase, Role, SeverityKey } from "./vocabulary.js";

/**
 * A point in time as a person typed it. `clock` (14:05) and `local` (2026-11-25 14:05) are read in the
 * configured time zone; `clock` means the latest such time not after the command itself.
 */
export type TimeSpec =
  | { kind: "clock"; hour: number; minute: number }
  | { kind: "local"; date: string; hour: number; minute: number }
  | { kind: "instant"; iso: string };

/** One parsed slash command. Logins are stored without the leading `@`. */
export type Command =
  | { name: "declare"; severity?: SeverityKey; title?: string }
  | { name: "severity"; severity: SeverityKey }
  | { name: "status"; phase: Phase }
  | { name: "type"; type: string }
  | { name: "ack" }
  | { name: "role"; role: Role; user: string }
  | { name: "update"; text: string; eta?: string; public?: boolean }
  | { name: "note"; text: string }
  | { name: "timeline"; at: TimeSpec; text: string }
  | { name: "detected"; at: TimeSpec }
  | { name: "started"; at: TimeSpec }
  | { name: "impact"; text: string }
  | { name: "root-cause"; text: string; category?: string }
  | { name: "resolve"; summary?: string }
  | { name: "false-positive"; reason?: string }
  | { name: "action"; title?: string; link?: number; owner?: string; due?: DueSpec }
  | { name: "due"; due: DueSpec }
  | { name: "postmortem" }
  | { name: "suspects"; window?: { text: string; ms: number } }
  | { name: "suspect"; pull: number }
  | { name: "cleared"; pull: number }
  | { name: "oncall" }
  | { name: "report"; month?: string }
  | { name: "notify"; text?: string }
  | { name: "help" };

export type CommandName = Command["name"];

/** What the parser made of one command line: the command, or why not and the usage to show instead. */
export type ParsedLine =
  | { ok: true; line: number; raw: string; command: Command }
  | { ok: false; line: number; raw: string; error: string; usage: string };

/** Config-dependent words the parser checks arguments against. */
export interface CommandVocabulary {
  severities: readonly { key: SeverityKey; name: string }[];
  types: readonly string[];
}
