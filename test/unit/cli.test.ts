import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { main } from "../../src/cli.js";

/** `firebreak validate [path]`: the messages the app shows on GitHub, exit 1 when Firebreak could not use the file. */

let repo: string;
beforeEach(async () => {
  repo = await mkdtemp(path.join(tmpdir(), "firebreak-cli-"));
  await mkdir(path.join(repo, ".github", "incident"), { recursive: true });
});
afterEach(() => rm(repo, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, repo, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const write = (file: string, text: string) => writeFile(path.join(repo, file), text);

describe("firebreak validate", () => {
  it("accepts a valid file and the templates it names", async () => {
    await write(".github/incident.yml", "templates:\n  dashboard: .github/incident/dashboard.md.hbs\n");
    await write(".github/incident/dashboard.md.hbs", "# {{id}}\n");
    const result = await run(["validate"]);
    expect(result).toMatchObject({ code: 0, err: "" });
    expect(result.out).toContain(
      "✔ .github/incident.yml (and .github/incident/dashboard.md.hbs): Firebreak can use it",
    );
  });

  it("prints each problem with its fix and exits 1", async () => {
    await write(".github/incident.yml", "defaultSeverity: sve2\nseverities:\n  sev1:\n    responseTime: 5\n");
    const result = await run(["validate", ".github/incident.yml"]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(".github/incident.yml: 2 problems");
    expect(result.err).toContain('"sve2" is not a severity key');
    expect(result.err).toContain('→ fix: did you mean "sev2"?');
    expect(result.err).toContain("→ fix: use a unit, e.g. `5m`");
  });

  it("fails when the issue form offers a type the configuration does not know, and passes once they agree", async () => {
    const form = readFileSync(path.join(process.cwd(), ".github/ISSUE_TEMPLATE/incident.yml"), "utf8");
    await mkdir(path.join(repo, ".github", "ISSUE_TEMPLATE"), { recursive: true });
    await write(".github/ISSUE_TEMPLATE/incident.yml", form);
    // The repository's own form matches the built-in types; a preset with other types makes them disagree.
    await write(".github/incident.yml", "timeZone: UTC\n");
    expect((await run(["validate"])).code).toBe(0);
    await write(".github/incident.yml", "preset: snipping-bot\n");
    const result = await run(["validate"]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("✖ .github/ISSUE_TEMPLATE/incident.yml:");
  });

  it("reports a broken or missing template", async () => {
    await write(
      ".github/incident.yml",
      "templates:\n  dashboard: .github/incident/dashboard.md.hbs\n  reply: nope.hbs\n",
    );
    await write(".github/incident/dashboard.md.hbs", "# {{#if id}}unclosed\n");
    const result = await run(["validate"]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("templates.dashboard");
    expect(result.err).toContain("nope.hbs does not exist in this working copy");
  });

  it("warns of a channel whose variable is unset in its own environment, saying it can check only that one", async () => {
    const channel = "notifications:\n  channels:\n    - { name: ops, type: slack, url_env: FIREBREAK_CLI_TEST_URL }\n";
    await write(".github/incident.yml", channel);
    const unset = await run(["validate"]);
    expect(unset.code).toBe(0);
    expect(unset.out).toContain(
      "⚠ .github/incident.yml: notifications.channels[0].url_env: FIREBREAK_CLI_TEST_URL is not set in the environment `firebreak validate` ran in (it can check only its own: set it where Firebreak runs)",
    );
    process.env.FIREBREAK_CLI_TEST_URL = "https://hooks.slack.com/services/T0/B0/x";
    try {
      expect((await run(["validate"])).out).not.toContain("⚠");
    } finally {
      delete process.env.FIREBREAK_CLI_TEST_URL;
    }
  });

  it("exits 1 for a file that does not exist, and 2 for a wrong command", async () => {
    expect(await run(["validate", "missing.yml"])).toMatchObject({ code: 1, err: "missing.yml: no such file" });
    expect((await run(["check"])).code).toBe(2);
  });

  it("runs as a command line with tsx", async () => {
    await write(".github/incident.yml", "severities:\n  sve2:\n    name: High\n");
    const cli = path.resolve("src/cli.ts");
    const tsx = path.resolve("node_modules/.bin/tsx");
    const failed = await promisify(execFile)(tsx, [cli, "validate"], { cwd: repo }).catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('did you mean "sev2"?') });
    await write(".github/incident.yml", "severities:\n  sev2:\n    name: High\n");
    const passed = await promisify(execFile)(tsx, [cli, "validate"], { cwd: repo });
    expect(passed.stdout).toContain("Firebreak can use it");
  }, 30_000);
});
