import { toTimelineItem } from "../../src/github/octokit/timeline.js";

describe("the timeline adapter", () => {
  const actor = { login: "alice", type: "User" };

  it("keeps cross-references, with where they came from (GitHub gives them no id)", () => {
    const raw = {
      event: "cross-referenced",
      created_at: "2026-11-25T12:00:00Z",
      actor,
      source: { issue: { number: 42, pull_request: { url: "x" }, repository: { full_name: "acme/checkout" } } },
    };
    expect(toTimelineItem(raw)).toEqual({
      id: 0,
      at: "2026-11-25T12:00:00Z",
      kind: "cross-referenced",
      actor: { login: "alice", isBot: false },
      source: { repository: "acme/checkout", number: 42, isPullRequest: true },
    });
  });

  it("keeps connected pull requests and the commit that closed an issue", () => {
    expect(toTimelineItem({ event: "connected", id: 7, created_at: "2026-11-25T12:00:00Z", actor })).toMatchObject({
      kind: "connected",
      id: 7,
    });
    expect(
      toTimelineItem({
        event: "closed",
        id: 8,
        created_at: "2026-11-25T12:00:00Z",
        actor,
        commit_id: "abc123",
        state_reason: "completed",
      }),
    ).toMatchObject({ kind: "closed", commitId: "abc123", stateReason: "completed" });
    expect(toTimelineItem({ event: "closed", id: 9, created_at: "2026-11-25T12:00:00Z", actor })).toMatchObject({
      kind: "closed",
      commitId: null,
    });
  });

  it("drops events it has no use for, and events without their facts", () => {
    expect(toTimelineItem({ event: "subscribed", id: 1, created_at: "2026-11-25T12:00:00Z", actor })).toBeUndefined();
    expect(toTimelineItem({ event: "cross-referenced", created_at: "2026-11-25T12:00:00Z", actor })).toBeUndefined();
  });
});
