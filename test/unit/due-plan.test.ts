import { defaultConfig } from "../../src/config/defaults.js";
import type { ActionItem } from "../../src/domain/action-items.js";
import { planDue } from "../../src/pipeline/due-plan.js";
import { incidentState } from "../support/incident-state.js";

const config = defaultConfig();
const resolved = (merged: boolean) =>
  incidentState({
    phase: "resolved",
    resolvedAt: "2026-11-25T13:00:00Z",
    postmortemDueSince: "2026-11-25T13:00:00Z",
    postmortems: [
      {
        key: "postmortem:resolved",
        pull: 4,
        branch: "postmortem/INC-2026-11-25-001",
        path: "postmortems/INC-2026-11-25-001.md",
        at: "2026-11-25T13:00:00Z",
        ...(merged ? { closed: { at: "2026-11-25T16:00:00Z", merged: true } } : {}),
      },
    ],
  });
const openItem: ActionItem = { number: 3, title: "Review pool sizes", state: "open", askedBy: "bob", linked: false };
const keys = (effects: ReturnType<typeof planDue>) => effects.map((effect) => effect.key);

describe("what a sweep finds due after resolution", () => {
  const now = "2026-12-03T09:00:00Z"; // past the 24 h and one-week milestones, before the 30-day one
  it("reminds of the meeting and the analysis while the post-mortem is not merged", () => {
    const effects = planDue(resolved(false), { config, now, done: new Set(), items: [] });
    expect(keys(effects)).toEqual(["remind:postmortem:2026-11-27T13:00:00Z", "remind:milestone:1"]);
  });

  it("does not remind of them once it is merged, even with an action item open", () => {
    const effects = planDue(resolved(true), { config, now, done: new Set(), items: [openItem] });
    expect(keys(effects)).toEqual([]);
  });

  it("reminds of nothing already done", () => {
    const done = new Set(["remind:postmortem:2026-11-27T13:00:00Z", "remind:milestone:0", "remind:milestone:1"]);
    expect(planDue(resolved(false), { config, now, done, items: [] })).toEqual([]);
  });
});
