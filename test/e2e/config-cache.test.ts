import { Sandbox, type SandboxOptions } from "../support/sandbox.js";

/** The repository's config is read once, then again only after a push changed it or its TTL ran out. */

const CONFIG = ".github/incident.yml";
const CONTENTS = "GET /repos/{owner}/{repo}/contents/{path}";
const sev1Within = (time: string) => `severities:\n  sev1:\n    responseTime: ${time}\n`;

let sb: Sandbox;
afterEach(() => sb.closeExpectingNoViolations());

async function incident(options: SandboxOptions = {}): Promise<number> {
  sb = await Sandbox.start({ files: { [CONFIG]: sev1Within("2m") }, ...options });
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
  await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/incident declare sev2"));
  await sb.deliverEchoes();
  return opened.issueNumber;
}

/** Config reads since the last reset, as `path status`. */
function configReads(): string[] {
  const reads = sb.gh.requests
    .filter((request) => `${request.method} ${request.route}` === CONTENTS)
    .map((request) => `${decodeURIComponent(request.path).replace(/^\/repos\//, "")} ${request.status}`);
  sb.gh.resetRequestLog();
  return reads;
}

describe("the config cache", () => {
  it("reads the config for the first event only: the next commands read none", async () => {
    sb = await Sandbox.start();
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
    sb.gh.resetRequestLog();
    await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/incident declare sev2"));
    // The repository has no file, so Probot's config plugin looks in the owner's `.github` repository too. The
    // declaration's list of suspect changes looks for the incident's service in CODEOWNERS (once per declaration).
    expect(configReads()).toEqual([
      `acme/checkout/contents/${CONFIG} 404`,
      `acme/.github/contents/${CONFIG} 404`,
      "acme/checkout/contents/.github/CODEOWNERS 404",
    ]);
    await sb.deliverEchoes();
    await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/sev 1"));
    await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/note rolled back"));
    expect(configReads()).toEqual([]);
    expect(sb.issue(opened.issueNumber).labels).toContain("sev1");
  });

  it("uses the new config for the command after a push that changes .github/incident.yml", async () => {
    const n = await incident();
    configReads();
    await sb.deliver(sb.as("erin").push(sb.repo, { files: { [CONFIG]: sev1Within("7m") } }));
    // The push reads the file twice: at the pushed commit for its "Firebreak config" check, and through the cache
    // (dropped by the push) for the config issue. The next command reads it no more.
    // The check also reads the issue form, to see that its options are ones the config knows (this repository has none).
    expect(configReads()).toEqual([
      `acme/checkout/contents/${CONFIG} 200`,
      "acme/checkout/contents/.github/ISSUE_TEMPLATE/incident.yml 404",
      `acme/checkout/contents/${CONFIG} 200`,
    ]);
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 1"));
    expect(configReads()).toEqual([]);
    expect(sb.issue(n).body).toContain("(7m)");
  });

  it("keeps the cached config for a push that touches other files, or another branch", async () => {
    const n = await incident();
    await sb.deliver(sb.as("erin").push(sb.repo, { files: { "README.md": "# Checkout\n" } }));
    await sb.deliver(sb.as("erin").push(sb.repo, { files: { [CONFIG]: sev1Within("9m") }, branch: "feature" }));
    configReads();
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 1"));
    expect(configReads()).toEqual([]);
    expect(sb.issue(n).body).toContain("(2m)");
  });

  it("drops every repository of the owner when its .github repository is pushed", async () => {
    const n = await incident({ files: { [CONFIG]: "_extends: .github\n" } });
    expect(sb.issue(n).labels).toContain("sev2");
    const shared = sb.gh.addRepo("acme/.github", { collaborators: { erin: "admin" } });
    await sb.deliver(sb.as("erin").push(shared, { files: { [CONFIG]: sev1Within("11m") } }));
    configReads();
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 1"));
    // The repository's own file is unchanged: GitHub answers 304 and the read costs no rate limit.
    expect(configReads()).toEqual([`acme/checkout/contents/${CONFIG} 304`, `acme/.github/contents/${CONFIG} 200`]);
    expect(sb.issue(n).body).toContain("(11m)");
  });

  it("reads the config again once the TTL has run out, and GitHub answers 304 when it has not changed", async () => {
    const n = await incident({ configTtl: "5m" });
    configReads();
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note within the TTL"));
    expect(configReads()).toEqual([]);
    sb.gh.clock.advance("5m");
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 1"));
    expect(configReads()).toEqual([`acme/checkout/contents/${CONFIG} 304`]);
    expect(sb.issue(n).body).toContain("(2m)");
    // A change whose push was lost is seen once the TTL runs out, with a full answer.
    sb.repo.setFile(CONFIG, sev1Within("3m"));
    sb.gh.clock.advance("6m");
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 2"));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 1"));
    expect(configReads()).toEqual([`acme/checkout/contents/${CONFIG} 200`]);
    expect(sb.issue(n).body).toContain("(3m)");
  });
});
