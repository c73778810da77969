import { jest } from "@jest/globals";

/**
 * "Did you mean" must stay cheap whatever a repository's config holds: one Node process serves every
 * repository, and unbounded edit distances over a 32 KB config once blocked it for seconds. The project
 * forbids timing asserts in unit tests, so these count the work instead: every edit-distance computation
 * goes through `leven`, which is wrapped here to record what it was asked.
 */
const { default: realLeven } = await import("leven");
const calls: { a: number; b: number }[] = [];
jest.unstable_mockModule("leven", () => ({
  default: (a: string, b: string, options?: { maxDistance?: number }) => {
    calls.push({ a: a.length, b: b.length });
    return realLeven(a, b, options);
  },
}));
const { parseIncidentConfigYaml } = await import("../../src/config/load.js");
const { SUGGESTION_LIMITS } = await import("../../src/config/parse.js");
const { COMMENT_TEXT_LIMIT } = await import("../../src/domain/limits.js");

const SOURCE = "acme/checkout/.github/incident.yml";
const KB32 = 32 * 1024;

function issuesOf(text: string) {
  const result = parseIncidentConfigYaml(text, SOURCE);
  if (result.ok) throw new Error("expected a ConfigError");
  return result.error.issues;
}

/** Fills a config up to 32 KB with list entries built by `entry(i)`. */
function listOf32Kb(head: string, entry: (i: number) => string): string {
  const lines = [head];
  for (let i = 0, size = head.length; size < KB32; i++) {
    const line = `    - ${entry(i)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join("\n")}\n`;
}

beforeEach(() => {
  calls.length = 0;
});

const longest = () => Math.max(0, ...calls.flatMap(({ a, b }) => [a, b]));

describe("config suggestions do bounded work on a 32 KB config", () => {
  it("does not compare a misspelt 32 KB key at all, and still reports it", () => {
    const issues = issuesOf(`${"k".repeat(KB32)}: 1\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/^unknown key/);
    expect(calls).toEqual([]);
  });

  it("never compares a 16 KB attendee with a 16 KB contact key", () => {
    const text = `contacts:\n  ${"a".repeat(KB32 / 2)}: {}\npostmortem:\n  attendees:\n    - ${"a".repeat(KB32 / 2 - 1)}b\n`;
    const issues = issuesOf(text);
    expect(issues.map((issue) => issue.path)).toEqual(["postmortem.attendees[0]"]);
    expect(longest()).toBeLessThanOrEqual(SUGGESTION_LIMITS.length);
  });

  it("caps the comparisons of a file full of misspelt attendees, and keeps reporting every one", () => {
    const contacts = Array.from({ length: 400 }, (_, i) => `  contact-${i}: {}`).join("\n");
    const text = listOf32Kb(`contacts:\n${contacts}\npostmortem:\n  attendees:`, (i) => `contakt-${i % 400}`);
    const issues = issuesOf(text);
    expect(issues.length).toBeGreaterThan(1_000);
    expect(calls).toHaveLength(SUGGESTION_LIMITS.comparisons); // the budget, not the file, ended the guessing
    expect(longest()).toBeLessThanOrEqual(SUGGESTION_LIMITS.length);
    // Within the budget the guesses are still made.
    expect(issues[0]!.fix).toBe('did you mean "contact-0"?');
  });

  it("caps the comparisons of a file full of misspelt keys", () => {
    const lines = [];
    for (let i = 0, size = 0; size < KB32; i++) {
      const line = `timezon${i}: UTC`;
      lines.push(line);
      size += line.length + 1;
    }
    const issues = issuesOf(`${lines.join("\n")}\n`);
    expect(issues.length).toBeGreaterThan(1_000);
    expect(calls.length).toBeLessThanOrEqual(SUGGESTION_LIMITS.comparisons);
    expect(issues[0]).toMatchObject({ path: "timezon0", fix: 'did you mean "timeZone"?' });
  });

  it("still suggests the nearest key for an ordinary typo", () => {
    expect(issuesOf("severities:\n  sev1:\n    responsTime: 5m\n")).toEqual([
      expect.objectContaining({ path: "severities.sev1.responsTime", fix: 'did you mean "responseTime"?' }),
    ]);
  });
});

describe("a config error report fits in a GitHub comment", () => {
  const report = (text: string) => {
    const result = parseIncidentConfigYaml(text, SOURCE);
    if (result.ok) throw new Error("expected a ConfigError");
    return result.error;
  };

  it("lists the first 50 problems, each cut to a readable length, and says how many more there are", () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `${"k".repeat(500)}${i}: 1`);
    const error = report(`${lines.join("\n")}\n`);
    expect(error.issues).toHaveLength(2_000);
    const markdown = error.toMarkdown();
    expect(markdown.split("\n").filter((line) => line.startsWith("- "))).toHaveLength(50);
    expect(markdown).toContain("(2000 problems)");
    expect(markdown).toContain("…and 1950 more (fix these first).");
    expect(markdown.length).toBeLessThan(COMMENT_TEXT_LIMIT);
    expect(error.message.length).toBeLessThan(COMMENT_TEXT_LIMIT);
  });

  it("keeps a backtick in a key from closing the code span its path is shown in", () => {
    const markdown = report('"x` @acme/everyone `y": 1\n').toMarkdown();
    const line = markdown.split("\n").find((text) => text.startsWith("- "))!;
    expect(line.startsWith('- `["xˋ @acme/everyone ˋy"]`:')).toBe(true);
  });
});
