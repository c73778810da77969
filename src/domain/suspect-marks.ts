import type { CommandContext } from "./command-context.js";
import type { RecordData } from "./markers.js";
import { changeEvent, changeId, type Suspect, suspectsFromRecord } from "./suspects.js";
import type { Iso } from "./time.js";

/**
 * The incident's suspect changes as its history records them: the lists the app looked up (one per declaration
 * and per `/suspects`), the pull requests people marked with `/suspect` (and `/cleared`), and what the app told
 * each marked pull request's author. Records outlive code versions, so every field is checked as it is read.
 */

/** One lookup of the changes before the impact started, as the app recorded it. */
interface SuspectList {
  key: string;
  at: Iso;
  /** The end of the window (impact started, else detected) and its length as people wrote it. */
  reference: Iso;
  referenceName: string;
  window: string;
  /** The services the ranking looked for. */
  services: string[];
  suspects: Suspect[];
}

/** A pull request marked with `/suspect`; `cleared` once someone typed `/cleared`. */
export interface SuspectMark {
  pull: number;
  at: Iso;
  by: string;
  cleared?: { at: Iso; by: string };
  /** Marked again after it was cleared (its label, taken off then, goes back on). */
  remarked?: boolean;
}

/** What the app learned and said about a marked pull request: its files, and an earlier fix of the same files. */
interface SuspectNotice {
  pull: number;
  title: string;
  url: string;
  files: string[];
  /** The earlier incident whose fix changed the same files, within the repeat window. */
  repeat?: { number: number; id?: string; files: string[]; postmortem?: string };
}

export interface SuspectState {
  suspectRequests: { key: string; at: Iso; window?: { text: string; ms: number } }[];
  suspectLists: SuspectList[];
  suspectMarks: SuspectMark[];
  suspectNotices: SuspectNotice[];
}

export function noSuspects(): SuspectState {
  return { suspectRequests: [], suspectLists: [], suspectMarks: [], suspectNotices: [] };
}

export function markSuspect(ctx: CommandContext, pull: number): void {
  const { suspectMarks } = ctx.state;
  const known = suspectMarks.find((mark) => mark.pull === pull);
  if (known && !known.cleared) return;
  if (known) {
    delete known.cleared;
    Object.assign(known, { at: ctx.at, by: ctx.actor, remarked: true });
  } else suspectMarks.push({ pull, at: ctx.at, by: ctx.actor });
  ctx.note("suspect", `Suspected cause: pull request #${pull}`);
}

export function clearSuspect(ctx: CommandContext, pull: number): void {
  const known = ctx.state.suspectMarks.find((mark) => mark.pull === pull);
  if (!known || known.cleared) return;
  known.cleared = { at: ctx.at, by: ctx.actor };
  ctx.note("suspect", `Cleared as a cause: pull request #${pull}`);
}

/** The pull requests suspected now (marked and not cleared). */
export function suspectedPulls(state: SuspectState): SuspectMark[] {
  return state.suspectMarks.filter((mark) => !mark.cleared);
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

/** A timeline row per change the list names that no earlier list named: "PR #4211 merged". */
export interface ChangeNote {
  text: string;
  at: Iso;
}

export function recordSuspectList(state: SuspectState, data: RecordData, at: Iso): ChangeNote[] {
  const key = str(data.key);
  const reference = str(data.reference);
  if (!key || !reference || state.suspectLists.some((list) => list.key === key)) return [];
  const shown = new Set(state.suspectLists.flatMap((list) => list.suspects.map(changeId)));
  const suspects = suspectsFromRecord(data.suspects);
  state.suspectLists.push({
    key,
    at,
    reference,
    referenceName: str(data.referenceName) ?? "detection",
    window: str(data.window) ?? "",
    services: strings(data.services),
    suspects,
  });
  return suspects
    .filter((suspect) => !shown.has(changeId(suspect)))
    .map((suspect) => ({
      text: `${changeEvent(suspect)}${suspect.author ? ` — by ${suspect.author}` : ""}`,
      at: suspect.at,
    }));
}

export function recordSuspectNotice(state: SuspectState, data: RecordData): void {
  const pull = num(data.pull);
  const url = str(data.url);
  if (!pull || !url || state.suspectNotices.some((notice) => notice.pull === pull)) return;
  const repeat = data.repeat && typeof data.repeat === "object" ? (data.repeat as RecordData) : undefined;
  const earlier = num(repeat?.number);
  state.suspectNotices.push({
    pull,
    url,
    title: str(data.title) ?? "",
    files: strings(data.files),
    ...(earlier
      ? {
          repeat: {
            number: earlier,
            files: strings(repeat?.files),
            ...(str(repeat?.id) ? { id: str(repeat?.id) } : {}),
            ...(str(repeat?.postmortem) ? { postmortem: str(repeat?.postmortem) } : {}),
          },
        }
      : {}),
  });
}
