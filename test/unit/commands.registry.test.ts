import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import { parseComment, printCommand, requiredPermission } from "../../src/domain/commands.js";
import { COMMAND_SPECS, indexByWord, type CommandSpec } from "../../src/domain/command-registry.js";
import { renderCommandTableMarkdown, renderHelpMarkdown, withCommandTable } from "../../src/render/command-docs.js";
import { ROLES, ROLE_COMMANDS } from "../../src/domain/vocabulary.js";
import { TEST_VOCABULARY } from "../support/vocabulary.js";

const vocab = TEST_VOCABULARY;

const ackSpec = COMMAND_SPECS.find((s) => s.name === "ack") as CommandSpec;

describe("the command table", () => {
  it("fails loudly when two commands claim the same word", () => {
    expect(() => indexByWord([ackSpec, { ...ackSpec, words: ["note", "ACK"] }])).toThrow(/"\/ack" is registered twice/);
  });

  it("reserves /incident, the prefix of every command", () => {
    expect(() => indexByWord([{ ...ackSpec, words: ["incident"] }])).toThrow(/"\/incident"/);
  });

  it.each(COMMAND_SPECS.flatMap((spec) => spec.examples.map((example) => [example, spec.name] as const)))(
    "parses its own example %j as %s",
    (example, name) => {
      expect(parseComment(example, vocab)).toEqual([
        expect.objectContaining({ ok: true, command: expect.objectContaining({ name }) }),
      ]);
    },
  );

  it("reaches every command through /incident too", () => {
    for (const spec of COMMAND_SPECS) {
      const example = spec.examples[0] ?? "";
      const prefixed = example.startsWith("/incident ") ? example : `/incident ${example.slice(1)}`;
      expect(parseComment(prefixed, vocab)).toEqual([expect.objectContaining({ ok: true })]);
    }
  });

  it("has a usage line that starts with the command", () => {
    for (const spec of COMMAND_SPECS) {
      const word = spec.words[0] ?? "";
      expect(spec.usage.startsWith(`/${word}`) || spec.usage.startsWith(`/incident ${word}`)).toBe(true);
    }
  });
});

describe("generated help", () => {
  const help = renderHelpMarkdown(vocab);

  it("is a markdown table with one row per command", () => {
    const rows = help.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows).toHaveLength(COMMAND_SPECS.length);
    expect(help).toContain("| Command | What it does | Example |");
  });

  it("lists aliases, and escapes pipes so usage stays in one cell", () => {
    expect(help).toContain("| `/sev <1-4>` (also `/severity`) | Change the severity");
    expect(help).toContain("`/status <investigating\\|identified\\|fixing\\|monitoring\\|resolved>`");
    expect(help).toContain("(also `/commander`)");
    expect(help).toContain("(also `/rootcause`)");
  });

  it("names the configured severities and types", () => {
    expect(help).toContain("`sev1` Critical, `sev2` High");
    expect(help).toContain("Types: `security`, `outage`, `data-loss`.");
  });

  it("renders the README table with who may run each command", () => {
    const table = renderCommandTableMarkdown();
    expect(table.split("\n")).toHaveLength(COMMAND_SPECS.length + 2);
    expect(table).toMatch(/\| `\/help` \| Show this list of commands\. \| `\/help` \| anyone \|/);
    expect(table).toMatch(/\| `\/ack` \| .* \| the configured `command` permission \|/);
  });
});

describe("the README", () => {
  it("shows the command table generated from the registry (run `npm run readme:commands`)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(withCommandTable(readme)).toBe(readme);
  });
});

describe("one entry holds everything about a command", () => {
  it("prints each command with the entry it parses from, each role with its own word", () => {
    for (const role of ROLES) {
      expect(printCommand({ name: "role", role, user: "octocat" })).toBe(`/${ROLE_COMMANDS[role]} @octocat`);
    }
  });

  it("parses what its entry prints from each of its own examples", () => {
    for (const spec of COMMAND_SPECS) {
      for (const example of spec.examples) {
        const [parsed] = parseComment(example, vocab);
        if (!parsed?.ok) throw new Error(`example ${example} does not parse`);
        expect(parseComment(spec.print(parsed.command), vocab)).toEqual([
          expect.objectContaining({ ok: true, command: parsed.command }),
        ]);
      }
    }
  });

  it("says who may run the command: declaring needs `declare`, help, /oncall and the report are anyone's, the rest need `command`", () => {
    const permissions = Object.fromEntries(COMMAND_SPECS.map((spec) => [spec.usage, spec.permission]));
    expect(permissions["/incident declare [sev1-4] [title]"]).toBe("declare");
    expect(permissions["/help"]).toBe("anyone");
    expect(permissions["/oncall"]).toBe("anyone");
    // The report changes no incident, and is the same whoever asks for it.
    expect(permissions["/incident report [YYYY-MM]"]).toBe("anyone");
    expect(COMMAND_SPECS.filter((spec) => spec.permission === "command")).toHaveLength(COMMAND_SPECS.length - 4);
    expect(requiredPermission({ name: "declare", severity: "sev1" })).toBe("declare");
    expect(requiredPermission({ name: "role", role: "comms", user: "a" })).toBe("command");
  });

  it("puts the entry's permission in the README table", () => {
    const table = renderCommandTableMarkdown();
    expect(table).toMatch(
      /\| `\/incident declare \[sev1-4\] \[title\]` \| .* \| the configured `declare` permission \|/,
    );
  });
});
