import type { IncidentConfig } from "../config/schema.js";
import type { SeverityKey } from "./vocabulary.js";
import type { Iso } from "./time.js";

/** The label every action item carries (an issue opened by `/action`, or an existing one linked to an incident). */
export const ACTION_ITEM_LABEL = "incident:action-item";

/**
 * A follow-up of an incident, as the incident knows it: found through the app's own records on the incident
 * (never through text a person could paste), kept current from the item's own events.
 */
export interface ActionItem {
  /** The item's issue number. */
  number: number;
  title: string;
  /** Who owns it (assigned); undefined: unowned. */
  owner?: string;
  /** The deadline; undefined: none. */
  due?: Iso;
  state: "open" | "closed";
  closedAt?: Iso;
  /** Who closed it (by hand, or who merged the pull request that closed it). */
  closedBy?: string;
  /** The pull request whose merge closed it ("Fixes #n"). */
  closedByPull?: number;
  /** Who asked for it with `/action`. */
  askedBy: string;
  /** An existing issue linked with `/action #n`: its own text is left alone. */
  linked: boolean;
}

/** A deadline as typed: a calendar date (end of that day, in the configured time zone) or a span from the command. */
export type DueSpec = { kind: "date"; date: string } | { kind: "in"; text: string; ms: number };

/** An accepted `/action`: an item to open (or an existing issue to link) once, keyed by the command it came from. */
export interface ActionRequest {
  /** `action:<comment key>:<n>`: the n-th `/action` of that comment. */
  key: string;
  at: Iso;
  by: string;
  title?: string;
  link?: number;
  owner?: string;
  due: Iso;
  /** The deadline came from the config's default for the severity, not from the command. */
  defaultDue: boolean;
}

/**
 * What the app recorded about an item on the incident: when it opened or linked it (the record of the reply it
 * posted), and what it later learned (a closure and its pull request, a deadline moved with `/due`).
 */
export interface TrackedItem {
  key: string;
  number: number;
  title: string;
  owner?: string;
  /** An owner GitHub would not assign (not a collaborator): the item is unowned, and the reply said why. */
  unassignable?: string;
  due?: Iso;
  askedBy: string;
  linked: boolean;
  at: Iso;
  /** `files`: what the pull request that closed it changed (a fix's files, to find repeat causes). */
  closures: { at: Iso; by?: string; pull?: number; files?: string[] }[];
}

/** An item as GitHub shows it now (read fresh, in parallel, by the run). */
export interface LiveItem {
  number: number;
  title: string;
  state: "open" | "closed";
  assignees: string[];
  closedAt?: Iso;
  closedBy?: string;
  /** The pull request that closed it, when the runner looked it up (only for a closure not yet recorded). */
  closedByPull?: number;
  /** The files that pull request changed. */
  closedByPullFiles?: string[];
}

/** The items of an incident: what the app recorded, brought up to date with what GitHub shows. */
export function currentItems(tracked: readonly TrackedItem[], live: ReadonlyMap<number, LiveItem>): ActionItem[] {
  return tracked.map((item) => {
    const now = live.get(item.number);
    const closure = now?.closedAt ? item.closures.find((c) => c.at === now.closedAt) : item.closures.at(-1);
    const state = now?.state ?? (item.closures.length ? "closed" : "open");
    const owner = now ? now.assignees[0] : item.owner;
    return {
      number: item.number,
      title: now?.title ?? item.title,
      ...(owner ? { owner } : {}),
      ...(item.due ? { due: item.due } : {}),
      state,
      ...(state === "closed" ? closedFields(now, closure) : {}),
      askedBy: item.askedBy,
      linked: item.linked,
    };
  });
}

function closedFields(
  now: LiveItem | undefined,
  closure: TrackedItem["closures"][number] | undefined,
): Pick<ActionItem, "closedAt" | "closedBy" | "closedByPull"> {
  const at = now?.closedAt ?? closure?.at;
  const by = now?.closedBy ?? closure?.by;
  const pull = now?.closedByPull ?? closure?.pull;
  return { ...(at ? { closedAt: at } : {}), ...(by ? { closedBy: by } : {}), ...(pull ? { closedByPull: pull } : {}) };
}

/** Closures GitHub shows that the incident has not recorded yet: each is recorded once, with its pull request. */
export function unrecordedClosures(tracked: readonly TrackedItem[], live: ReadonlyMap<number, LiveItem>): LiveItem[] {
  return tracked.flatMap((item) => {
    const now = live.get(item.number);
    if (now?.state !== "closed" || !now.closedAt) return [];
    return item.closures.some((closure) => closure.at === now.closedAt) ? [] : [now];
  });
}

export function isOverdue(item: ActionItem, now: Iso): boolean {
  return item.state === "open" && item.due !== undefined && item.due < now;
}

/** How long an action item has by default, at a severity (`actionItems.due`; a month where none is set). */
export function defaultActionDueMs(config: IncidentConfig, severity: string): number {
  return config.actionItems.due[severity as SeverityKey]?.ms ?? 30 * 24 * 60 * 60 * 1000;
}
