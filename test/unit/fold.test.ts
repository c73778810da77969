import { defaultConfig } from "../../src/config/defaults.js";
import { completeVerdicts } from "../../src/domain/authorize.js";
import { parseComment } from "../../src/domain/commands.js";
import { foldWithOutcomes, type IncidentState } from "../../src/domain/fold.js";
import type { IssueHistory } from "../../src/domain/history.js";
import { collectInputs, type IncidentInput } from "../../src/domain/inputs.js";
import type { PermissionLevel } from "../../src/domain/vocabulary.js";
import { vocabularyOf } from "../../src/domain/vocabulary.js";
import { bot, HistoryBuilder } from "../support/history-builder.js";
import { signedRecord, testRecords } from "../support/records.js";

const config = defaultConfig();
const APP = "firebreak[bot]";
const permissions: Record<string, PermissionLevel> = {
  alice: "write",
  bob: "maintain",
  carol: "read",
  dave: "triage",
  reporter: "write",
};
const permissionOf = (login: string) => permissions[login] ?? "none";

function inputsOf(history: IssueHistory): IncidentInput[] {
  const vocabulary = vocabularyOf(config);
  return collectInputs(history, {
    appLogin: APP,
    parse: (body) => parseComment(body, vocabulary),
    records: testRecords,
  });
}

function folded(history: IssueHistory, inputs = inputsOf(history)) {
  const verdicts = completeVerdicts(inputs, {}, permissionOf, config);
  return foldWithOutcomes(history.issue, inputs, { config, verdicts, reported: {} });
}

function fold(history: IssueHistory, inputs = inputsOf(history)): IncidentState {
  return folded(history, inputs).state;
}

describe("folding an issue's history into an incident", () => {
  it("declares an incident when a writer adds the incident label, at the default severity", () => {
    const state = fold(new HistoryBuilder().label("alice", "incident").build());
    expect(state.declared).toBe(true);
    expect(state.severity).toBe("sev3");
    expect(state.phase).toBe("investigating");
    expect(state.declaration).toMatchObject({ by: "alice", via: "label" });
    expect(state.id).toBeUndefined();
  });

  it("refuses a declaration by someone with read permission and asks for the label to come off", () => {
    const state = fold(new HistoryBuilder().label("carol", "incident").build());
    expect(state.declared).toBe(false);
    expect(state.rejectedDeclaration).toBe(true);
  });

  it("declares with severity and title from /incident declare", () => {
    const state = fold(new HistoryBuilder().comment("alice", "/incident declare sev1 Payments down").build());
    expect(state).toMatchObject({ declared: true, severity: "sev1", title: "Payments down" });
  });

  it("moves sev2 to sev1 when /sev 1 is commented by a writer", () => {
    const history = new HistoryBuilder().comment("alice", "/incident declare sev2").comment("bob", "/sev 1").build();
    const state = fold(history);
    expect(state.severity).toBe("sev1");
    expect(state.timeline.map((entry) => entry.text)).toContain("Severity sev2 → sev1");
  });

  it("ignores /sev 1 from a reader and explains why", () => {
    const history = new HistoryBuilder().comment("alice", "/incident declare sev2").comment("carol", "/sev 1").build();
    const { state, outcomes: byComment } = folded(history);
    expect(state.severity).toBe("sev2");
    const outcomes = Object.values(byComment).at(-1);
    expect(outcomes?.[0]).toMatchObject({ ok: false });
    expect(outcomes?.[0]?.message).toMatch(/needs `write`/);
  });

  it("treats a severity label added by a writer like /sev, and ignores the app's own label events", () => {
    const history = new HistoryBuilder()
      .label("alice", "incident")
      .label("bob", "sev1")
      .label(bot(APP), "sev4")
      .build();
    expect(fold(history).severity).toBe("sev1");
  });

  it("uses a severity label added just before the incident label", () => {
    expect(fold(new HistoryBuilder().label("alice", "sev2").label("alice", "incident").build()).severity).toBe("sev2");
  });

  it("rejects commands on an issue that is not an incident", () => {
    const { state, outcomes } = folded(new HistoryBuilder().comment("alice", "/sev 1").build());
    expect(state.declared).toBe(false);
    expect(Object.values(outcomes)[0]?.[0]?.message).toMatch(/not an incident/);
  });

  it("resolves on /resolve, reopens on a human reopen, and counts not-planned closing as a false positive", () => {
    const base = new HistoryBuilder()
      .comment("alice", "/incident declare sev2")
      .comment("alice", "/resolve Rolled back");
    let state = fold(base.build());
    expect(state).toMatchObject({ phase: "resolved", resolution: "Rolled back", falsePositive: false });
    expect(state.resolvedAt).toBeDefined();
    state = fold(base.reopen("bob").build());
    expect(state.phase).toBe("investigating");
    expect(state.resolvedAt).toBeUndefined();
    state = fold(base.close("bob", "not_planned").build());
    expect(state).toMatchObject({ phase: "resolved", falsePositive: true });
  });

  it("keeps the first acknowledgement and records roles", () => {
    const state = fold(
      new HistoryBuilder()
        .comment("alice", "/incident declare sev1")
        .at("+2m")
        .comment("bob", "/ack\n/ic @alice\n/tech bob")
        .comment("alice", "/ack")
        .build(),
    );
    expect(state.acknowledged?.by).toBe("bob");
    expect(state.acknowledged?.at).toBe("2026-11-25T12:02:01Z");
    expect(state.roles).toEqual({ commander: "alice", tech: "bob" });
  });

  it("reads a bare clock time as the latest such time before the command", () => {
    const history = new HistoryBuilder({ createdAt: "2026-11-25T00:05:00Z" })
      .at("2026-11-25T00:05:00Z")
      .comment("alice", "/incident declare sev2")
      .comment("alice", "/detected 23:50")
      .build();
    expect(fold(history).detectedAt).toBe("2026-11-24T23:50:00Z");
  });

  it("believes an id record only on the last line of the app's own comments, signed for this issue", () => {
    const record = signedRecord("declared", { id: "INC-2026-11-25-999" });
    const history = new HistoryBuilder()
      .comment("alice", "/incident declare sev2")
      .comment("mallory", `nice\n${record}`)
      .build();
    expect(fold(history).id).toBeUndefined();
    const quoted = new HistoryBuilder()
      .comment("alice", "/incident declare sev2")
      .comment(bot(APP), `I could not apply \`${record}\`\n${signedRecord("reply", {})}`)
      .build();
    expect(fold(quoted).id).toBeUndefined();
    const otherIssue = new HistoryBuilder()
      .comment("alice", "/incident declare sev2")
      .comment(bot(APP), `declared\n${signedRecord("declared", { id: "INC-2026-11-25-002" }, "acme/checkout#8")}`)
      .build();
    expect(fold(otherIssue).id).toBeUndefined();
    const real = new HistoryBuilder()
      .comment("alice", "/incident declare sev2")
      .comment(bot(APP), `declared\n${signedRecord("declared", { id: "INC-2026-11-25-001" })}`)
      .build();
    expect(fold(real).id).toBe("INC-2026-11-25-001");
  });

  it("ignores other bots entirely, even with write permission", () => {
    const history = new HistoryBuilder()
      .comment("alice", "/incident declare sev2")
      .comment(bot("dependabot[bot]"), "/sev 1")
      .build();
    expect(fold(history).severity).toBe("sev2");
  });

  it("records a status update with the phase and severity at that time", () => {
    const history = new HistoryBuilder()
      .comment("alice", "/incident declare sev1")
      .comment("alice", "/status identified\n/update Rolling back eta: 30 minutes")
      .comment("alice", "/status fixing")
      .build();
    const [update] = fold(history).updates;
    expect(update).toMatchObject({ phase: "identified", severity: "sev1", text: "Rolling back", eta: "30 minutes" });
  });
});
