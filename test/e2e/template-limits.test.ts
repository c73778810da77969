import { configIssues, configNotes } from "../support/broken-setup.js";
import { Sandbox } from "../support/sandbox.js";

/**
 * A repository's own template that loops over the timeline inside loops over the timeline grows its work
 * and output exponentially. Rendering it stops at a budget and the repository hears about it like about any
 * broken template: one note naming the file and what to do, the built-in template in its place (the command
 * still applies), and the event loop is never blocked.
 */

const TEMPLATE_PATH = ".github/incident/dashboard.md.hbs";
const sandboxes: Sandbox[] = [];
afterEach(async () => {
  for (const sb of sandboxes.splice(0)) {
    expect(sb.gh.violations).toEqual([]);
    await sb.close();
  }
});

async function withDashboardTemplate(template: string): Promise<Sandbox> {
  const sb = await Sandbox.start({
    files: { ".github/incident.yml": `templates:\n  dashboard: ${TEMPLATE_PATH}\n`, [TEMPLATE_PATH]: template },
  });
  sandboxes.push(sb);
  return sb;
}

/** 40 notes in two comments (a comment runs at most 20 commands): with the declaration a timeline of 41 rows, so three nested loops over it make 70,000 iterations. */
async function addFortyNotes(sb: Sandbox, n: number): Promise<void> {
  for (const first of [0, 20])
    await sb.act(
      sb.as("alice").comment(sb.repo, n, Array.from({ length: 20 }, (_, i) => `/note step ${first + i}`).join("\n")),
    );
}

describe("a repository template that grows exponentially", () => {
  it.each([
    [
      "#each",
      "# {{id}}\n{{#each timeline}}{{#each ../timeline}}{{#each ../../timeline}}| {{at}} | {{text}} |\n{{/each}}{{/each}}{{/each}}",
    ],
    [
      "bare list blocks",
      "# {{id}}\n{{#timeline}}{{#../timeline}}{{#../../timeline}}| {{at}} | {{text}} |\n{{/../../timeline}}{{/../timeline}}{{/timeline}}",
    ],
    [
      "loops without output",
      "# {{id}}\n{{#each timeline}}{{#each ../timeline}}{{#each ../../timeline}}{{/each}}{{/each}}{{/each}}",
    ],
  ])("is stopped when written with %s, reported once, and replaced by the built-in one", async (_how, template) => {
    const sb = await withDashboardTemplate(template);
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Disk full" }));
    const n = opened.issueNumber;
    await sb.act(sb.as("alice").addLabels(sb.repo, n, ["incident"]));
    // With a one-row timeline the template renders: the incident is declared with it.
    expect(sb.issue(n).body).toContain("# INC-2026-11-25-001");

    await addFortyNotes(sb, n);
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 2"));
    const notes = configNotes(sb.issue(n)).filter((body) => body.includes("`templates.dashboard`"));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`acme/checkout/${TEMPLATE_PATH}`);
    expect(notes[0]).toMatch(/renders more than 20000 loop iterations|loops produce more than 200000 characters/);
    expect(notes[0]).toContain("render less");
    expect(configIssues(sb, "open")[0]?.body).toContain("render less");
    // The command still applied, and the dashboard is the built-in one meanwhile.
    expect(sb.issue(n).labels).toContain("sev2");
    expect(sb.issue(n).body).toContain("## INC-2026-11-25-001 · sev2 High");
    expect(sb.issue(n).body).toContain("step 39");
  });

  it("keeps handling events: once the repository fixes its template, the next command renders with it", async () => {
    const sb = await withDashboardTemplate(
      "{{#each timeline}}{{#each ../timeline}}{{#each ../../timeline}}{{text}}{{/each}}{{/each}}{{/each}}",
    );
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Disk full" }));
    await sb.act(sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]));
    await addFortyNotes(sb, opened.issueNumber);
    // The repository fixes its template; the very next command renders with it.
    await sb.deliver(
      sb.as("erin").push(sb.repo, { files: { [TEMPLATE_PATH]: "# {{id}}: {{timeline.length}} rows\n" } }),
    );
    await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/sev 2"));
    expect(sb.issue(opened.issueNumber).body).toContain("# INC-2026-11-25-001: 42 rows");
    expect(sb.issue(opened.issueNumber).labels).toContain("sev2");
  });
});
