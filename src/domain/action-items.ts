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
