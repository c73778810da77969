import { configIssues, configNotes } from "../support/broken-setup.js";
import { Sandbox } from "../support/sandbox.js";

/**
 * A broken `.github/incident.yml` never silences incident response: every command keeps working on the last valid
 * configuration (or the defaults), the incident hears about it once, and the repository has one config issue,
 * updated while the problem lasts and closed when it is fixed. A check catches the mistake before it merges.
 */

const CONFIG = ".github/incident.yml";
const VALID = "severities:\n  sev1:\n    responseTime: 7m\n";
const BROKEN = "severities:\n  sev1:\n    responseTime: 5\n";
const BROKEN_OTHERWISE = "defaultSeverity: sve2\n";

const sandboxes: Sandbox[] = [];
async function start(files: Record<string, string> = { [CONFIG]: VALID }): Promise<Sandbox> {
  const sb = await Sandbox.start({ files });
  sandboxes.push(sb);
  return sb;
}
afterEach(async () => {
  for (const sb of sandboxes.splice(0)) await sb.closeExpectingNoViolations();
});

async function declared(sb: Sandbox, title = "Checkout returns 500"): Promise<number> {
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title }));
  await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/incident declare sev2"));
  await sb.deliverEchoes();
  return opened.issueNumber;
}

describe("a config that just broke", () => {
  it("keeps every command working on the last valid config, and notes it once on the incident", async () => {
    const sb = await start();
    const n = await declared(sb);
    await sb.deliver(sb.as("erin").push(sb.repo, { files: { [CONFIG]: BROKEN } }));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 1"));
    expect(sb.issue(n).labels).toContain("sev1");
    expect(sb.issue(n).labels).not.toContain("sev2");
    // The last valid config is still the one used: sev1 responds within 7m.
    expect(sb.issue(n).body).toContain("(7m)");
    expect(sb.issue(n).body).toMatch(/\*\*Acknowledged\*\* \| ⏳ not yet/);
    await sb.act(sb.as("bob").comment(sb.repo, n, "/ack"));
    expect(sb.issue(n).body).toMatch(/\*\*Acknowledged\*\* \| [^⏳]/);
    const notes = configNotes(sb.issue(n));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("last configuration that was valid");
    expect(notes[0]).toContain("`severities.sev1.responseTime`");
    expect(notes[0]).toContain("use a unit, e.g. `5m`");
    expect(notes[0]).toContain(`#${configIssues(sb, "open")[0]!.number}`);
  });

  it("opens one config issue, updates it while the problem changes, and closes it when the file is valid", async () => {
    const sb = await start();
    const first = await declared(sb, "Checkout returns 500");
    const second = await declared(sb, "Search is slow");
    await sb.deliver(sb.as("erin").push(sb.repo, { files: { [CONFIG]: BROKEN } }));
    const [opened] = configIssues(sb);
    expect(configIssues(sb)).toHaveLength(1);
    expect(opened).toMatchObject({ state: "open", labels: ["firebreak:config"] });
    expect(opened!.body).toContain("`severities.sev1.responseTime`");

    // Commands on two incidents at once: still one issue, and its body is not rewritten with the same message.
    const updatedAt = sb.issue(opened!.number).updatedAt;
    await Promise.all([
      sb.deliver(sb.as("alice").comment(sb.repo, first, "/note still broken")),
      sb.deliver(sb.as("alice").comment(sb.repo, second, "/note still broken")),
    ]);
    expect(configIssues(sb)).toHaveLength(1);
    expect(sb.issue(opened!.number).updatedAt).toBe(updatedAt);
    expect(configNotes(sb.issue(first))).toHaveLength(1);
    expect(configNotes(sb.issue(second))).toHaveLength(1);

    sb.gh.clock.advance("1m");
    await sb.deliver(sb.as("erin").push(sb.repo, { files: { [CONFIG]: BROKEN_OTHERWISE } }));
    expect(configIssues(sb)).toHaveLength(1);
    expect(sb.issue(opened!.number).body).toContain('did you mean "sev2"?');
    expect(sb.issue(opened!.number).body).not.toContain("`severities.sev1.responseTime`");

    await sb.deliver(sb.as("erin").push(sb.repo, { files: { [CONFIG]: VALID } }));
    expect(sb.issue(opened!.number).state).toBe("closed");
    expect(configIssues(sb)).toHaveLength(1);
  });

  it("still opens the incident of an alert sent by repository_dispatch", async () => {
    const sb = await start({ [CONFIG]: BROKEN });
    await sb.act(sb.as("erin").dispatch(sb.repo, "incident", { title: "Checkout 5xx above 5%", severity: "sev1" }));
    const incident = sb.repo.issues().find((issue) => issue.title.includes("Checkout 5xx above 5%"));
    expect(incident).toBeDefined();
    expect(incident!.labels).toEqual(expect.arrayContaining(["incident", "sev1"]));
    expect(configNotes(sb.issue(incident!.number))).toHaveLength(1);
    expect(configIssues(sb, "open")).toHaveLength(1);
  });

  it("reports an _extends that cannot be read instead of ignoring it", async () => {
    const sb = await start({ [CONFIG]: "_extends: .github\ntimeZone: Europe/Paris\n" });
    const n = await declared(sb);
    expect(sb.issue(n).labels).toContain("sev2");
    const [note] = configNotes(sb.issue(n));
    expect(note).toContain("_extends: acme/.github:.github/incident.yml could not be read");
    expect(note).toContain("not installed on that repository");
  });
});

describe("the Firebreak config check", () => {
  it("fails on a pull request that breaks the config, then passes once it is fixed", async () => {
    const sb = await start();
    const pushed = sb.as("alice").push(sb.repo, { files: { [CONFIG]: BROKEN_OTHERWISE }, branch: "tune" });
    await sb.deliver(pushed);
    const pull = sb.as("alice").openPull(sb.repo, { title: "Tune severities", head: "tune" });
    await sb.deliver(pull);
    const [failed] = sb.repo.checkRuns(pushed.sha).filter((run) => run.name === "Firebreak config");
    expect(failed).toMatchObject({ conclusion: "failure" });
    expect(failed!.output.summary).toContain('did you mean "sev2"?');
    expect(sb.repo.checkRuns(pushed.sha).filter((run) => run.name === "Firebreak config")).toHaveLength(1);

    const fixed = sb.as("alice").push(sb.repo, { files: { [CONFIG]: "defaultSeverity: sev2\n" }, branch: "tune" });
    await sb.deliver(fixed);
    const runs = sb.repo.checkRuns(fixed.sha).filter((run) => run.name === "Firebreak config");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ conclusion: "success" });
    // Nothing on the default branch changed: no config issue.
    expect(configIssues(sb)).toEqual([]);
  });

  it("checks a template the config names when only the template changes", async () => {
    const template = ".github/incident/dashboard.md.hbs";
    const sb = await start({ [CONFIG]: `templates:\n  dashboard: ${template}\n`, [template]: "# {{id}}\n" });
    const pushed = sb.as("alice").push(sb.repo, { files: { [template]: "# {{#if id}}unclosed\n" }, branch: "look" });
    await sb.deliver(pushed);
    const [run] = sb.repo.checkRuns(pushed.sha).filter((check) => check.name === "Firebreak config");
    expect(run).toMatchObject({ conclusion: "failure" });
    expect(run!.output.summary).toContain("`templates.dashboard`");
  });
});
