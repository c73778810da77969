import { describe, expect, it } from "@jest/globals";
import type { Command, ParsedLine } from "../../src/domain/commands.types.js";
import {
  MAX_COMMANDS_PER_COMMENT,
  hasCommandLine,
  hasIncidentPrefixedLine,
  isStateChanging,
  parseComment,
  printCommand,
} from "../../src/domain/commands.js";
import { TEST_VOCABULARY } from "../support/vocabulary.js";

const vocab = TEST_VOCABULARY;

/** The single command a body parses to, or a failure explaining what it got instead. */
function only(body: string): ParsedLine {
  const parsed = parseComment(body, vocab);
  expect(parsed).toHaveLength(1);
  return parsed[0] as ParsedLine;
}

function command(body: string): Command {
  const line = only(body);
  if (!line.ok) throw new Error(`expected ${JSON.stringify(body)} to parse, got error: ${line.error}`);
  return line.command;
}

function error(body: string): { error: string; usage: string } {
  const line = only(body);
  if (line.ok) throw new Error(`expected ${JSON.stringify(body)} to fail, got ${JSON.stringify(line.command)}`);
  return { error: line.error, usage: line.usage };
}

const ignored = (body: string): void => {
  expect(parseComment(body, vocab)).toEqual([]);
  expect(hasCommandLine(body)).toBe(false);
};

describe("commands and their aliases", () => {
  it.each<[string, Command]>([
    ["/incident declare", { name: "declare" }],
    ["/incident declare sev2", { name: "declare", severity: "sev2" }],
    ["/incident declare SEV1 Checkout is down", { name: "declare", severity: "sev1", title: "Checkout is down" }],
    ["/incident declare Checkout is down", { name: "declare", title: "Checkout is down" }],
    ["/incident declare 500 errors on checkout", { name: "declare", title: "500 errors on checkout" }],
    ["/sev 1", { name: "severity", severity: "sev1" }],
    ["/sev 4", { name: "severity", severity: "sev4" }],
    ["/sev sev2", { name: "severity", severity: "sev2" }],
    ["/severity sev2", { name: "severity", severity: "sev2" }],
    ["/severity 2", { name: "severity", severity: "sev2" }],
    ["/sev critical", { name: "severity", severity: "sev1" }],
    ["/SEV Moderate", { name: "severity", severity: "sev3" }],
    ["/incident sev 1", { name: "severity", severity: "sev1" }],
    ["/status investigating", { name: "status", phase: "investigating" }],
    ["/status identified", { name: "status", phase: "identified" }],
    ["/status fixing", { name: "status", phase: "fixing" }],
    ["/status Monitoring", { name: "status", phase: "monitoring" }],
    ["/status RESOLVED", { name: "status", phase: "resolved" }],
    ["/type security", { name: "type", type: "security" }],
    ["/type Data-Loss", { name: "type", type: "data-loss" }],
    ["/ack", { name: "ack" }],
    ["/ic @octocat", { name: "role", role: "commander", user: "octocat" }],
    ["/commander octocat", { name: "role", role: "commander", user: "octocat" }],
    ["/tech @mona-lisa", { name: "role", role: "tech", user: "mona-lisa" }],
    ["/comms @Hubot", { name: "role", role: "comms", user: "Hubot" }],
    ["/support @a1", { name: "role", role: "support", user: "a1" }],
    ["/update Rolled back the deploy", { name: "update", text: "Rolled back the deploy" }],
    ["/update Rolled back eta: 30 minutes", { name: "update", text: "Rolled back", eta: "30 minutes" }],
    ["/update Beta: rollout paused", { name: "update", text: "Beta: rollout paused" }],
    [
      "/update public Checkout is back for everyone eta: 10m",
      { name: "update", text: "Checkout is back for everyone", eta: "10m", public: true },
    ],
    ["/update Publicity team informed", { name: "update", text: "Publicity team informed" }],
    ["/update Fix deployed ETA: 14:30 UTC today", { name: "update", text: "Fix deployed", eta: "14:30 UTC today" }],
    ["/note Paged the DB on-call", { name: "note", text: "Paged the DB on-call" }],
    ["/suspects", { name: "suspects" }],
    ["/suspects 3d", { name: "suspects", window: { text: "3d", ms: 259_200_000 } }],
    ["/suspect #4211", { name: "suspect", pull: 4211 }],
    ["/suspect 4211", { name: "suspect", pull: 4211 }],
    ["/cleared #4211", { name: "cleared", pull: 4211 }],
    [
      "/timeline 14:05 Deploy started",
      { name: "timeline", at: { kind: "clock", hour: 14, minute: 5 }, text: "Deploy started" },
    ],
    ["/timeline 9:05 Alert", { name: "timeline", at: { kind: "clock", hour: 9, minute: 5 }, text: "Alert" }],
    [
      "/timeline 2026-11-25 14:05 Deploy",
      { name: "timeline", at: { kind: "local", date: "2026-11-25", hour: 14, minute: 5 }, text: "Deploy" },
    ],
    [
      "/timeline 2026-11-25T14:05 Deploy",
      { name: "timeline", at: { kind: "local", date: "2026-11-25", hour: 14, minute: 5 }, text: "Deploy" },
    ],
    [
      "/timeline 2026-11-25T14:05:00Z Deploy",
      { name: "timeline", at: { kind: "instant", iso: "2026-11-25T14:05:00Z" }, text: "Deploy" },
    ],
    [
      "/timeline 2026-11-25T01:05:30+02:00 Deploy",
      { name: "timeline", at: { kind: "instant", iso: "2026-11-24T23:05:30Z" }, text: "Deploy" },
    ],
    [
      "/timeline 2026-11-25T23:30-0130 Deploy",
      { name: "timeline", at: { kind: "instant", iso: "2026-11-26T01:00:00Z" }, text: "Deploy" },
    ],
    ["/detected 14:02", { name: "detected", at: { kind: "clock", hour: 14, minute: 2 } }],
    ["/detected 2026-11-25 14:02 UTC", { name: "detected", at: { kind: "instant", iso: "2026-11-25T14:02:00Z" } }],
    ["/started 2026-11-25 13:50", { name: "started", at: { kind: "local", date: "2026-11-25", hour: 13, minute: 50 } }],
    ["/impact 30% of checkouts fail", { name: "impact", text: "30% of checkouts fail" }],
    ["/root-cause Pool exhausted", { name: "root-cause", text: "Pool exhausted" }],
    ["/rootcause Pool exhausted", { name: "root-cause", text: "Pool exhausted" }],
    ["/resolve", { name: "resolve" }],
    ["/resolve Rolled back", { name: "resolve", summary: "Rolled back" }],
    ["/false-positive", { name: "false-positive" }],
    ["/false-positive Synthetic check misfired", { name: "false-positive", reason: "Synthetic check misfired" }],
    ["/help", { name: "help" }],
    ["/help me please", { name: "help" }],
    ["/incident help", { name: "help" }],
    ["/oncall", { name: "oncall" }],
    ["/on-call", { name: "oncall" }],
    ["/OnCall who is it this week?", { name: "oncall" }],
    ["/incident oncall", { name: "oncall" }],
    ["/Incident Update all good", { name: "update", text: "all good" }],
  ])("reads %j", (body, expected) => {
    expect(command(body)).toEqual(expected);
  });

  it("ignores a bare /declare: the word is only claimed after /incident", () => {
    ignored("/declare sev1 outage");
  });
});

describe("argument errors carry the usage line", () => {
  it.each<[string, RegExp, string]>([
    [
      "/severity sev9",
      /Unknown severity "sev9"\. Known severities: sev1 \(Critical\), sev2 \(High\), sev3 \(Moderate\), sev4 \(Low\)/,
      "/sev <1-4>",
    ],
    ["/sev 5", /Unknown severity "5"/, "/sev <1-4>"],
    ["/sev apocalyptic", /Known severities: sev1 \(Critical\)/, "/sev <1-4>"],
    ["/sev", /Say which severity: sev1 \(Critical\)/, "/sev <1-4>"],
    ["/incident declare sev7 Outage", /Unknown severity "sev7"/, "/incident declare [sev1-4] [title]"],
    [
      "/status fixed",
      /Unknown status "fixed"\. Known statuses: investigating, identified, fixing, monitoring, resolved/,
      "/status <investigating|identified|fixing|monitoring|resolved>",
    ],
    ["/status", /Say which status/, "/status <investigating|identified|fixing|monitoring|resolved>"],
    ["/type meteor", /Unknown incident type "meteor"\. Known types: security, outage, data-loss/, "/type <type>"],
    ["/type", /Say which type/, "/type <type>"],
    ["/ack now", /takes no arguments/, "/ack"],
    ["/ic", /Say who/, "/ic @user"],
    ["/ic @bad..login", /"@bad\.\.login" is not a GitHub login/, "/ic @user"],
    ["/tech @-leading", /not a GitHub login/, "/tech @user"],
    ["/comms @trailing-", /not a GitHub login/, "/comms @user"],
    [`/support @${"a".repeat(40)}`, /not a GitHub login/, "/support @user"],
    ["/ic @alice @bob", /exactly one/, "/ic @user"],
    ["/update", /Say what changed/, "/update [public] <text> [eta: <when>]"],
    ["/update eta: 1h", /Say what changed/, "/update [public] <text> [eta: <when>]"],
    ["/update public", /Say what changed/, "/update [public] <text> [eta: <when>]"],
    ["/note", /Say what to note/, "/note <text>"],
    ["/suspects soon", /"soon" is not a window/, "/suspects [window]"],
    ["/suspect", /Say which pull request/, "/suspect #<pull request>"],
    ["/suspect #42 and #43", /Say which pull request/, "/suspect #<pull request>"],
    ["/cleared acme/checkout#4", /Say which pull request/, "/cleared #<pull request>"],
    ["/impact   ", /Say what the impact is/, "/impact <text>"],
    ["/root-cause", /Say what the root cause is/, "/root-cause [category:<word>] <text>"],
    ["/timeline 25:00 x", /"25:00" is not a valid time/, "/timeline <HH:MM|YYYY-MM-DD HH:MM|ISO time> <text>"],
    ["/timeline 14:60 x", /"14:60" is not a valid time/, "/timeline <HH:MM|YYYY-MM-DD HH:MM|ISO time> <text>"],
    [
      "/timeline 2026-02-30 10:00 x",
      /"2026-02-30 10:00" is not a valid time/,
      "/timeline <HH:MM|YYYY-MM-DD HH:MM|ISO time> <text>",
    ],
    ["/timeline 2026-13-01T10:00Z x", /is not a valid time/, "/timeline <HH:MM|YYYY-MM-DD HH:MM|ISO time> <text>"],
    ["/timeline 2026-11-25T10:00+19:00 x", /is not a valid time/, "/timeline <HH:MM|YYYY-MM-DD HH:MM|ISO time> <text>"],
    ["/timeline yesterday x", /"yesterday" is not a valid time/, "/timeline <HH:MM|YYYY-MM-DD HH:MM|ISO time> <text>"],
    ["/timeline", /Say when/, "/timeline <HH:MM|YYYY-MM-DD HH:MM|ISO time> <text>"],
    ["/timeline 14:05", /Say what happened/, "/timeline <HH:MM|YYYY-MM-DD HH:MM|ISO time> <text>"],
    ["/detected soon", /"soon" is not a valid time/, "/detected <when>"],
    ["/detected 14:05 yesterday", /Unexpected "yesterday"/, "/detected <when>"],
    ["/started 14:05 UTC", /UTC needs a date/, "/started <when>"],
    ["/incident frobnicate", /Unknown command "\/incident frobnicate"\. Type \/help/, "/help"],
    ["/incident", /Say what to do after \/incident/, "/help"],
    ["/incident declare-ish", /Unknown command/, "/help"],
  ])("rejects %j", (body, message, usage) => {
    const failure = error(body);
    expect(failure.error).toMatch(message);
    expect(failure.usage).toBe(usage);
  });

  it("accepts leap days and rejects them in other years", () => {
    expect(command("/detected 2028-02-29 10:00").name).toBe("detected");
    expect(error("/detected 2026-02-29 10:00").error).toMatch(/not a valid time/);
  });
});

describe("only real command lines are commands", () => {
  it("ignores /sev 1 inside a quoted reply", () => ignored("> /sev 1"));
  it("ignores /sev 1 inside a nested quote", () => ignored("> > /sev 1\n>> /ack"));
  it("ignores /sev 1 in a quote indented by spaces", () => ignored("   > /sev 1"));
  it("ignores unknown /frobnicate silently: other bots use slash commands too", () =>
    ignored("/frobnicate now\n/assign @me"));
  it("ignores a slash in the middle of a line", () => ignored("please run /sev 1"));
  it("ignores a lone slash", () => ignored("/ sev 1"));
  it("ignores words that only start like a command", () => ignored("/sev1\n/acknowledge\n/help."));
  it("ignores inline code", () => ignored("`/sev 1`\nrun `/ack` when you are on it"));
  it("ignores /sev 1 in an HTML comment", () => ignored("<!-- /sev 1 -->"));
  it("ignores lines inside a multi-line HTML comment", () => ignored("<!--\n/sev 1\n/ack\n-->"));
  it("ignores a command line hidden after a comment closes on it", () => ignored("<!--\nx --> /sev 1"));

  it.each([
    ["```\n/sev 1\n```"],
    ["```bash\n/sev 1\n```"],
    ["~~~\n/sev 1\n~~~"],
    ["~~~~ text\n/sev 1\n~~~~"],
    ["   ```\n/sev 1\n   ```"],
    ["````\n```\n/sev 1\n````"],
    ["~~~\n```\n/sev 1\n~~~"],
  ])("ignores commands in the fenced block %j", (body) => ignored(body));

  it("treats an unclosed fence as code to the end of the comment", () => ignored("```\n/sev 1\n\n/ack"));

  it("does not take four-space-indented fences or inline triple backticks as fences", () => {
    expect(parseComment("    ```\n/sev 1", vocab)).toHaveLength(1);
    expect(parseComment("``` a`b\n/sev 1", vocab)).toHaveLength(1);
  });

  it("reads commands after a fence closes", () => {
    expect(parseComment("```\n/sev 1\n```\n/sev 2", vocab)).toEqual([
      { ok: true, line: 4, raw: "/sev 2", command: { name: "severity", severity: "sev2" } },
    ]);
  });

  it("reads commands after an HTML comment closes", () => {
    expect(command("<!--\n/sev 1\n-->\n/sev 3")).toEqual({ name: "severity", severity: "sev3" });
  });

  it("does not let `<!--` in inline code open a comment", () => {
    expect(parseComment("use `<!--` carefully\n/ack", vocab)).toHaveLength(1);
  });

  it("drops HTML comments from a command's arguments", () => {
    expect(command("/sev 1 <!-- paged by alertmanager -->")).toEqual({ name: "severity", severity: "sev1" });
  });

  it("reads a command indented by spaces and ignores trailing whitespace", () => {
    expect(command("   /sev 2   \t")).toEqual({ name: "severity", severity: "sev2" });
  });

  it("reads a command right after a quote (GitHub would render it inside the quote, but people mean it)", () => {
    expect(parseComment("> can we escalate?\n/sev 1", vocab)).toHaveLength(1);
  });
});

describe("command lines are read as GitHub renders the comment", () => {
  it.each<[string, string]>([
    ["an indented code block after a blank line", "Logs:\n\n    /sev 1"],
    ["an indented code block opening the comment", "    /sev 1\n    /ack"],
    ["an indented code block after a leading blank line", "\n\n    /sev 1"],
    ["a tab-indented code line", "\t/sev 1"],
    ["a tab-indented code line after a paragraph and a blank line", "Ran:\n\n\t/sev 1"],
    ["<pre> inside <details>", "<details>\n<pre>\n/sev 1\n</pre>\n</details>"],
    [
      "<pre> after <summary>, across blank lines",
      "<details><summary>Logs</summary>\n\n<pre>\n/sev 1\n\n/ack\n</pre>\n</details>",
    ],
    ["an HTML block", "<div>\n/sev 1\n</div>"],
    ["a tag alone on its line opening an HTML block", "<b>\n/sev 1"],
    ["inline code spanning lines", "run `kubectl rollout\n/sev 1` now"],
    ["an HTML attribute spanning lines", "<span title='a\n/sev 1'>x</span>"],
    ["a fenced block inside a list item", "1. Ran:\n   ```\n   /sev 1\n   ```"],
    ["a fenced block inside a quote", "> ```\n> /sev 1\n> ```"],
    ["an escaped slash", "\\/sev 1"],
    ["a slash written as a character reference", "&#47;sev 1"],
    ["a link reference definition", "[runbook]:\n/sev"],
  ])("ignores %s", (_, body) => ignored(body));

  it.each<[string, string, Command]>([
    [
      "a line that continues a paragraph, indented by a tab",
      "Escalating:\n\t/sev 1",
      { name: "severity", severity: "sev1" },
    ],
    ["a line after a list item (it continues the item)", "- EU down\n/sev 1", { name: "severity", severity: "sev1" }],
    ["a line indented into a list item", "- EU down\n  /sev 1", { name: "severity", severity: "sev1" }],
    [
      "a paragraph between <details> tags",
      "<details>\n<summary>x</summary>\n\n/sev 1\n\n</details>",
      { name: "severity", severity: "sev1" },
    ],
    [
      "a line after a quoted fence (a fence cannot continue lazily)",
      "> ```\n/sev 1",
      { name: "severity", severity: "sev1" },
    ],
    ["a line after inline code closes", "see `/ack`\n/sev 1", { name: "severity", severity: "sev1" }],
    [
      "a line after an HTML comment closes inside a paragraph",
      "a <!-- b\nc --> d\n/sev 1",
      { name: "severity", severity: "sev1" },
    ],
    [
      "a line GitHub underlines into a heading",
      "/update Rolled back\n---\nwatching",
      { name: "update", text: "Rolled back\n---\nwatching" },
    ],
  ])("reads %s", (_, body, expected) => {
    expect(command(body)).toEqual(expected);
    expect(hasCommandLine(body)).toBe(true);
  });

  it("reads a line after an HTML comment opened in a quote: without its `>` the line ends the quote and the comment", () => {
    expect(error("> <!--\n/sev 1 -->").error).toMatch(/Unknown severity "1 -->"/);
  });

  it("reads a table row that starts with a command, as it read every line starting with one", () => {
    expect(parseComment("/sev 1 | now\n--- | ---\n/ack | b", vocab).map((p) => p.raw)).toEqual([
      "/sev 1 | now",
      "/ack | b",
    ]);
  });

  it("shows an unclosed `<!--` in a paragraph as text, as GitHub does, so it hides nothing", () => {
    expect(parseComment("/note paged <!-- oops\n/ack", vocab).map((p) => (p.ok ? p.command : p.error))).toEqual([
      { name: "note", text: "paged <!-- oops" },
      { name: "ack" },
    ]);
  });

  it.each<[string, string, string]>([
    [
      "an HTML block",
      "/note Paged\n<div>\n<!-- internal -->\nDB on-call\n</div>",
      "Paged\n<div>\n\nDB on-call\n</div>",
    ],
    [
      "a table cell",
      "/note Regions\n| region <!-- x --> | state |\n| --- | --- |\n| EU | <!-- y -->ok |",
      "Regions\n| region  | state |\n| --- | --- |\n| EU | ok |",
    ],
    ["a quote, across its lines", "/note Quoting\n> a <!-- x\n> y --> z", "Quoting\n> a\n z"],
    ["an HTML block that never closes the comment", "/note Paged\n<!-- draft\n/sev 1", "Paged"],
  ])("hides HTML comments in %s from a command's text", (_, body, text) => {
    expect(command(body)).toEqual({ name: "note", text });
  });

  it("keeps HTML comments in code inside a command's text, as GitHub shows them", () => {
    expect(command("/note Ran:\n\n    echo <!-- x -->")).toEqual({ name: "note", text: "Ran:\n\n    echo <!-- x -->" });
  });
});

describe("several commands in one comment", () => {
  it("returns them in order with their line numbers", () => {
    const body = "Escalating.\n/sev 1\n/ic @alice\n\n/status fixing";
    expect(parseComment(body, vocab)).toEqual([
      { ok: true, line: 2, raw: "/sev 1", command: { name: "severity", severity: "sev1" } },
      { ok: true, line: 3, raw: "/ic @alice", command: { name: "role", role: "commander", user: "alice" } },
      { ok: true, line: 5, raw: "/status fixing", command: { name: "status", phase: "fixing" } },
    ]);
  });

  it("explains an invalid line without dropping the valid ones", () => {
    const parsed = parseComment("/sev 9\n/frobnicate\n/ack\n/ic @bad..login", vocab);
    expect(parsed.map((p) => [p.line, p.ok])).toEqual([
      [1, false],
      [3, true],
      [4, false],
    ]);
  });

  it("handles CRLF line endings", () => {
    const parsed = parseComment("/sev 1\r\n/update Rolled back\r\nstill watching\r\n/ack\r\n", vocab);
    expect(parsed.map((p) => (p.ok ? p.command : p.error))).toEqual([
      { name: "severity", severity: "sev1" },
      { name: "update", text: "Rolled back\nstill watching" },
      { name: "ack" },
    ]);
    expect(parsed.map((p) => p.raw)).toEqual(["/sev 1", "/update Rolled back", "/ack"]);
  });

  it(`runs at most ${MAX_COMMANDS_PER_COMMENT} commands and reports the rest once`, () => {
    const body = Array.from({ length: 25 }, () => "/ack").join("\n");
    const parsed = parseComment(body, vocab);
    expect(parsed).toHaveLength(MAX_COMMANDS_PER_COMMENT + 1);
    expect(parsed.slice(0, MAX_COMMANDS_PER_COMMENT).every((p) => p.ok)).toBe(true);
    expect(parsed[MAX_COMMANDS_PER_COMMENT]).toMatchObject({
      ok: false,
      line: 21,
      error: expect.stringMatching(/5 more were ignored/),
    });
  });
});

describe("multi-line texts", () => {
  it("continues an update on the following lines until the next command line", () => {
    const body =
      "/update Rolled back the deploy.\nError rate is falling.\n\n- EU ok\n- US recovering\n/sev 3\ntrailing chatter";
    expect(parseComment(body, vocab).map((p) => (p.ok ? p.command : p.error))).toEqual([
      { name: "update", text: "Rolled back the deploy.\nError rate is falling.\n\n- EU ok\n- US recovering" },
      { name: "severity", severity: "sev3" },
    ]);
  });

  it("keeps the ETA from the command line and the text from the lines below", () => {
    expect(command("/update eta: 1 hour\nWe found the bad query.")).toEqual({
      name: "update",
      text: "We found the bad query.",
      eta: "1 hour",
    });
  });

  it("does not read eta: on a continuation line as the ETA", () => {
    expect(command("/update Working\neta: unknown")).toEqual({ name: "update", text: "Working\neta: unknown" });
  });

  it.each<[string, Command]>([
    ["/note first\nsecond", { name: "note", text: "first\nsecond" }],
    ["/impact\nEU checkouts fail", { name: "impact", text: "EU checkouts fail" }],
    ["/root-cause Bad config\nmerged in #42", { name: "root-cause", text: "Bad config\nmerged in #42" }],
    ["/resolve Fixed\nby rollback", { name: "resolve", summary: "Fixed\nby rollback" }],
    [
      "/timeline 14:05 Deploy\nof 4211",
      { name: "timeline", at: { kind: "clock", hour: 14, minute: 5 }, text: "Deploy\nof 4211" },
    ],
    [
      "/timeline 14:05\nDeploy of 4211",
      { name: "timeline", at: { kind: "clock", hour: 14, minute: 5 }, text: "Deploy of 4211" },
    ],
  ])("continues %j", (body, expected) => {
    expect(command(body)).toEqual(expected);
  });

  it("keeps code blocks in the text verbatim, and commands inside them do not end the text", () => {
    const body = "/note Ran:\n```\n/sev 1 <!-- not hidden in code -->\n```\ndone";
    expect(command(body)).toEqual({ name: "note", text: "Ran:\n```\n/sev 1 <!-- not hidden in code -->\n```\ndone" });
  });

  it("does not continue single-line commands", () => {
    expect(command("/sev 1\nbecause customers are affected")).toEqual({ name: "severity", severity: "sev1" });
    expect(command("/false-positive misfire\nsorry all")).toEqual({ name: "false-positive", reason: "misfire" });
  });

  it("does not stop at another bot's command", () => {
    expect(command("/note see\n/frobnicate")).toEqual({ name: "note", text: "see\n/frobnicate" });
  });

  it("hides HTML comments in the text, as GitHub does", () => {
    expect(command("/note visible <!-- hidden\nstill hidden --> shown")).toEqual({
      name: "note",
      text: "visible\n shown",
    });
  });
});

describe("printCommand", () => {
  it.each<[Command, string]>([
    [{ name: "declare", severity: "sev2", title: "Checkout down" }, "/incident declare sev2 Checkout down"],
    [{ name: "severity", severity: "sev1" }, "/sev 1"],
    [{ name: "role", role: "commander", user: "octocat" }, "/ic @octocat"],
    [{ name: "update", text: "Rolled back", eta: "1h" }, "/update Rolled back eta: 1h"],
    [{ name: "update", text: "the eta: unknown" }, "/update\nthe eta: unknown"],
    [
      { name: "timeline", at: { kind: "local", date: "2026-11-25", hour: 9, minute: 5 }, text: "x" },
      "/timeline 2026-11-25T09:05 x",
    ],
    [{ name: "resolve" }, "/resolve"],
    [{ name: "oncall" }, "/oncall"],
  ])("prints %j as %j", (cmd, text) => {
    expect(printCommand(cmd)).toBe(text);
    expect(parseComment(text, vocab)).toEqual([expect.objectContaining({ ok: true, command: cmd })]);
  });
});

describe("permissions", () => {
  it("lets anyone ask for help and needs the command permission for everything else", () => {
    expect(isStateChanging({ name: "help" })).toBe(false);
    expect(isStateChanging({ name: "oncall" })).toBe(false);
    expect(isStateChanging({ name: "ack" })).toBe(true);
    expect(isStateChanging({ name: "role", role: "tech", user: "a" })).toBe(true);
    expect(isStateChanging({ name: "declare" })).toBe(true);
  });
});

describe("worst-case comments (GitHub allows 65,536 characters)", () => {
  const size = 65_536;
  it.each([
    ["blank lines", "\n".repeat(size)],
    ["spaces", " ".repeat(size)],
    ["backtick runs of growing length", `${Array.from({ length: 360 }, (_, i) => "`".repeat(i + 1)).join(" ")} <!--`],
    ["alternating backticks and comment openers", `/note ${"` <!-- ``".repeat(size / 10)}`],
    ["a long update", `/update ${"x ".repeat(size / 2)}`],
    ["32,000 nested quotes under a command", `/ack\n${"> ".repeat(size / 2)}`],
    ["32,000 nested list items under a command", `/ack\n${"- ".repeat(size / 2)}`],
    ["unclosed emphasis under a command", `/ack\n${"*a_".repeat(size / 3)}`],
    ["unclosed brackets under a command", `/ack\n${"![".repeat(size / 2)}`],
  ])("parses %s in well under a second", (_, body) => {
    const started = performance.now();
    parseComment(body, vocab);
    hasCommandLine(body);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("hasCommandLine", () => {
  it.each([
    ["", false],
    ["just chatting", false],
    ["> /sev 1", false],
    ["/frobnicate", false],
    ["```\n/sev 1\n```", false],
    ["/sev 1", true],
    ["/sev 9", true],
    ["/incident frobnicate", true],
    ["hello\r\n  /ack", true],
  ])("says %j → %s", (body, expected) => {
    expect(hasCommandLine(body)).toBe(expected);
  });
});

describe("addressing Firebreak by name", () => {
  it.each([
    ["/incident help", true],
    ["/incident oncall", true],
    ["/oncall", false],
    ["text\n/INCIDENT declare sev1", true],
    ["/help", false],
    ["> /incident declare", false],
    ["```\n/incident declare\n```", false],
    ["/incidents", false],
  ])("%j names Firebreak: %s", (body, expected) => {
    expect(hasIncidentPrefixedLine(body)).toBe(expected);
  });
});
