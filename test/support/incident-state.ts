import type { IncidentState } from "../../src/domain/fold.js";
import { noFollowUps } from "../../src/domain/follow-ups.js";

/** A declared sev1 in `identified`, commanded by bob: change only what a test is about. */
export function incidentState(overrides: Partial<IncidentState> = {}): IncidentState {
  return {
    declared: true,
    declaration: { at: "2026-11-25T12:00:00Z", by: "alice", via: "command", severity: "sev1" },
    id: "INC-2026-11-25-001",
    title: "Checkout returns 500",
    severity: "sev1",
    phase: "identified",
    falsePositive: false,
    roles: { commander: "bob" },
    updates: [],
    stakeholderNotices: [],
    timeline: [],
    checklistDone: [],
    rejectedDeclaration: false,
    lastActivityAt: "2026-11-25T12:10:00Z",
    ...noFollowUps(),
    ...overrides,
  };
}
