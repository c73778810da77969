import { configIssues, noteOnBrokenSetup } from "../support/broken-setup.js";
import { Sandbox } from "../support/sandbox.js";

/**
 * A 32 KB config full of misspellings costs little to read ("did you mean" is bounded, see
 * test/unit/config-suggestions.test.ts) and is still reported: the note on the incident and the config issue list
 * the first problems, each cut to a readable length, so they fit in GitHub however long the keys or however many
 * the mistakes. The incident goes on with the defaults.
 * (Probot's YAML reader allows implicit keys of at most 1,024 characters: long keys are written `? key`.)
 */

const KB32 = 32 * 1024;
const sandboxes: Sandbox[] = [];
afterEach(async () => {
  for (const sb of sandboxes.splice(0)) {
    expect(sb.gh.violations).toEqual([]);
    await sb.close();
  }
});

function misspeltKeys(): string {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < KB32; i++) {
    lines.push(`timezon${i}: UTC`);
    size += lines.at(-1)!.length + 1;
  }
  return `${lines.join("\n")}\n`;
}

describe("a 32 KB config full of misspellings", () => {
  it.each([
    ["one misspelt 32 KB key", `? ${"k".repeat(KB32)}\n: 1\n`, /unknown key "k+…/, /1 problem\)/],
    [
      "a misspelt key on every line",
      misspeltKeys(),
      /`timezon0`: unknown key "timezon0" \*\*Fix:\*\* did you mean "timeZone"\?/,
      /…and \d+ more \(fix these first\)\./,
    ],
    [
      "a misspelt attendee as long as a contact key",
      `contacts:\n  ? ${"a".repeat(KB32 / 2)}\n  : {}\npostmortem:\n  attendees:\n    - ${"a".repeat(KB32 / 2 - 1)}b\n`,
      /unknown attendee "a+…/,
      /1 problem\)/,
    ],
  ])(
    "with %s is reported once, in a note GitHub accepts, and the command still applies",
    async (_what, config, problem, count) => {
      const sb = await Sandbox.start({ files: { ".github/incident.yml": config } });
      sandboxes.push(sb);
      const reply = await noteOnBrokenSetup(sb, "/sev 1", "sev1");
      expect(reply).toContain("Firebreak cannot use `acme/checkout/.github/incident.yml`");
      expect(reply).toMatch(problem);
      expect(reply).toMatch(count);
      expect(reply.length).toBeLessThan(10_000);
      expect(reply).toContain("built-in defaults");
      expect(configIssues(sb)[0]!.body).toMatch(problem);
      expect(sb.gh.requests.filter((request) => request.status === 422)).toEqual([]);
    },
  );
});
