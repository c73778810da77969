import type { Iso } from "./time.js";

/** The kind of the signed record in an incident's dashboard that holds its facts. */
export const FACTS_RECORD = "facts";

/**
 * What the monthly report needs to know of one incident, kept (signed) in the incident's own body so a month of
 * incidents is read from the issue list, without folding every timeline again. Written by every run from the
 * folded state; a report trusts only facts whose signature binds them to their issue.
 */
export interface IncidentFacts {
  number: number;
  id?: string;
  title: string;
  severity: string;
  type?: string;
  /** Impact began (`/started`, else detected). */
  started?: Iso;
  /** Someone said when the impact began (`/started`): the report's detection coverage counts these. */
  startedGiven?: boolean;
  /** `/detected`, the form's field or the alert time, else declared. */
  detected?: Iso;
  declared: Iso;
  /** The first `/ack`. */
  acknowledged?: Iso;
  /** The first entry into `monitoring`. */
  mitigated?: Iso;
  /** Entry into `resolved`, or closing. */
  resolved?: Iso;
  /** `/false-positive`, or closed as not planned. */
  falsePositive: boolean;
  /** The root cause's category (`/root-cause <category>: <text>`), lower-case. */
  rootCauseCategory?: string;
  /** Its action items: when due, and whether and how they closed. */
  items: { number: number; due?: Iso; closedAt?: Iso; closedByPull: boolean }[];
  /** The files the pull requests that closed its action items changed (its fix): the same files fixed again is a repeat. */
  fixFiles?: string[];
  /** The files the pull requests marked `/suspect` (and not cleared) changed: its cause touching an earlier fix is a repeat. */
  suspectFiles?: string[];
  /** Its phase as of the facts (`investigating` … `resolved`): the status page shows it. */
  phase?: string;
  /** The latest `/update public`: the only update text the public status page shows. */
  publicUpdate?: { at: Iso; text: string };
  /** Its post-mortem: when it was due (resolution + `postmortem.dueWithin`) and when it merged. */
  postmortem?: { due: Iso; mergedAt?: Iso };
}
