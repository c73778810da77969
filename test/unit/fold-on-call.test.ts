import type { IncidentConfig } from "../../src/config/schema.js";
import { defaultConfig } from "../../src/config/defaults.js";
import { completeVerdicts } from "../../src/domain/authorize.js";
import { parseComment } from "../../src/domain/commands.js";
import { foldWithOutcomes } from "../../src/domain/fold.js";
import type { IssueHistory } from "../../src/domain/history.js";
import { collectInputs } from "../../src/domain/inputs.js";
import { planProjection } from "../../src/domain/projection.js";
import { vocabularyOf } from "../../src/domain/vocabulary.js";
import { HistoryBuilder } from "../support/history-builder.js";
import { testRecords } from "../support/records.js";

/** Berlin rota from Monday 2026-11-02: @erin the week of 23 November, alice the week after. */
function rotaConfig(change: (config: IncidentConfig) => void = () => undefined): IncidentConfig {
  const config = defaultConfig();
  config.timeZone = "Europe/Berlin";
  config.onCall.startsOn = "2026-11-02";
  config.onCall.schedule = [
    { primary: "alice", secondary: "bob" },
    { primary: "bob" },
    { primary: "frank" },
    { primary: "@erin", secondary: "dave", escalation: "carol" },
  ];
  change(config);
  return config;
}

function fold(history: IssueHistory, config: IncidentConfig) {
  const inputs = collectInputs(history, {
    appLogin: "firebreak[bot]",
    parse: (body) => parseComment(body, vocabularyOf(config)),
    records: testRecords,
  });
  const verdicts = completeVerdicts(inputs, {}, () => "write", config);
  return foldWithOutcomes(history.issue, inputs, { config, verdicts, reported: {} });
}

const roleEntries = (history: IssueHistory, config: IncidentConfig) =>
  fold(history, config)
    .state.timeline.filter((entry) => entry.kind === "role")
    .map((entry) => entry.text);

describe("the on-call primary takes command on declaration (onCall.autoCommander)", () => {
  it("makes this week's primary the incident commander, with a timeline entry at the declaration", () => {
    const history = new HistoryBuilder().comment("alice", "/incident declare sev2").build();
    const { state } = fold(history, rotaConfig());
    expect(state.roles).toEqual({ commander: "erin" });
    expect(state.declaration?.commander).toBe("erin");
    expect(state.timeline.map((entry) => [entry.at, entry.kind, entry.text])).toEqual([
      ["2026-11-25T12:00:00Z", "declared", "Incident declared (sev2)"],
      ["2026-11-25T12:00:00Z", "role", "Incident commander: @erin (on call)"],
    ]);
  });

  it("takes the primary of the declaration's local week: a Sunday 23:30 UTC declaration is Monday in Berlin", () => {
    const history = new HistoryBuilder().at("2026-11-29T23:30:00Z").label("alice", "incident").build();
    expect(fold(history, rotaConfig()).state.roles.commander).toBe("alice");
  });

  it("is assigned like a /ic holder", () => {
    const history = new HistoryBuilder().label("alice", "incident").build();
    const { state } = fold(history, rotaConfig());
    expect(planProjection(history.issue, state, rotaConfig(), undefined).addAssignees).toEqual(["erin"]);
  });

  it("does nothing when the config turns it off", () => {
    const history = new HistoryBuilder().comment("alice", "/incident declare").build();
    const config = rotaConfig((c) => {
      c.onCall.autoCommander = false;
    });
    expect(fold(history, config).state.roles).toEqual({});
    expect(roleEntries(history, config)).toEqual([]);
  });

  it("does nothing without a rota", () => {
    const history = new HistoryBuilder().comment("alice", "/incident declare").build();
    const config = rotaConfig((c) => {
      c.onCall.schedule = [];
    });
    expect(fold(history, config).state.roles).toEqual({});
    expect(fold(history, config).state.declaration?.commander).toBeUndefined();
  });

  it("does nothing when the primary is a team, which cannot hold a role", () => {
    const history = new HistoryBuilder().comment("alice", "/incident declare").build();
    const config = rotaConfig((c) => {
      c.onCall.schedule = [{ primary: "@acme/sre" }];
    });
    expect(fold(history, config).state.roles).toEqual({});
  });

  it("leaves the role to the commander the declaring comment names", () => {
    const history = new HistoryBuilder().comment("alice", "/incident declare sev1\n/ic @bob").build();
    const { state } = fold(history, rotaConfig());
    expect(state.roles.commander).toBe("bob");
    expect(state.declaration?.commander).toBeUndefined();
    expect(roleEntries(history, rotaConfig())).toEqual(["Incident commander: @bob"]);
  });

  it("is replaced by a later /ic", () => {
    const history = new HistoryBuilder()
      .comment("alice", "/incident declare")
      .at("+5m")
      .comment("bob", "/ic @carol")
      .build();
    expect(fold(history, rotaConfig()).state.roles.commander).toBe("carol");
    expect(roleEntries(history, rotaConfig())).toEqual([
      "Incident commander: @erin (on call)",
      "Incident commander: @carol",
    ]);
  });

  it("happens once: declaring again, or reopening, keeps whoever holds command", () => {
    const history = new HistoryBuilder()
      .label("alice", "incident")
      .comment("bob", "/ic @carol")
      .comment("alice", "/incident declare sev1")
      .close("alice")
      .reopen("alice")
      .build();
    expect(fold(history, rotaConfig()).state.roles.commander).toBe("carol");
    expect(roleEntries(history, rotaConfig())).toHaveLength(2);
  });
});
