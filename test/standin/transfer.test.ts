import type { GitHubStandIn } from "../../github-standin/index.js";
import { expectStatus, type TestOctokitInstance, useStandIn } from "./helpers.js";

const TRANSFER = `mutation($issueId: ID!, $repositoryId: ID!) {
  transferIssue(input: { issueId: $issueId, repositoryId: $repositoryId, createLabelsIfMissing: true }) {
    issue { number url }
  }
}`;
const IDS = `query($owner: String!, $name: String!, $number: Int!, $toName: String!) {
  repository(owner: $owner, name: $name) { issue(number: $number) { id } }
  target: repository(owner: $owner, name: $toName) { id }
}`;

interface Ids {
  repository: { issue: { id: string } | null };
  target: { id: string };
}

describe("stand-in GraphQL: transferring an issue", () => {
  let gh: GitHubStandIn;
  let octokit: TestOctokitInstance;

  useStandIn((env) => ({ gh, octokit } = env), { expectNoViolations: false });

  beforeEach(() => {
    gh.addRepo("acme/security", { collaborators: { alice: "admin" } });
  });

  async function transfer(number: number): Promise<{ number: number; url: string }> {
    const ids = await octokit.graphql<Ids>(IDS, { owner: "acme", name: "checkout", number, toName: "security" });
    const moved = await octokit.graphql<{ transferIssue: { issue: { number: number; url: string } } }>(TRANSFER, {
      issueId: ids.repository.issue?.id,
      repositoryId: ids.target.id,
    });
    return moved.transferIssue.issue;
  }

  it("moves the issue with its comments and labels to a new number, and the old number redirects there", async () => {
    gh.as("carol").openIssue("acme/checkout", { title: "Leaked key", body: "details", labels: ["incident"] });
    gh.as("carol").comment("acme/checkout", 1, "/sev 1");
    gh.repo("acme/security").addLabel("unrelated", "ffffff", null);
    gh.as("alice").openIssue("acme/security", { title: "Earlier", body: "" });
    const moved = await transfer(1);
    expect(moved.number).toBe(2);
    const there = gh.repo("acme/security").issue(2);
    expect(there.title).toBe("Leaked key");
    expect(there.labels).toEqual(["incident"]);
    expect(there.comments.map((comment) => comment.body)).toEqual(["/sev 1"]);
    // The old address answers 301; fetch follows it to the repository-id form of the new one.
    const { data } = await octokit.rest.issues.get({ owner: "acme", repo: "checkout", issue_number: 1 });
    expect(data.number).toBe(2);
    expect(data.repository_url).toMatch(/\/repos\/acme\/security$/);
    const { data: open } = await octokit.rest.issues.listForRepo({ owner: "acme", repo: "checkout" });
    expect(open).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it("answers GitHub's errors: another owner, an unknown node", async () => {
    gh.addRepo("other/place");
    gh.as("carol").openIssue("acme/checkout", { title: "x", body: "" });
    const ids = await octokit.graphql<Ids>(IDS, { owner: "acme", name: "checkout", number: 1, toName: "security" });
    const other = await octokit.graphql<{ repository: { id: string } }>(
      'query { repository(owner: "other", name: "place") { id } }',
    );
    await expect(
      octokit.graphql(TRANSFER, { issueId: ids.repository.issue?.id, repositoryId: other.repository.id }),
    ).rejects.toThrow(/one owner/);
    await expect(octokit.graphql(TRANSFER, { issueId: "I_nope", repositoryId: ids.target.id })).rejects.toThrow(
      /Could not resolve/,
    );
    expect(gh.violations).toEqual([]);
  });

  it("reports a document GitHub's schema refuses as a violation", async () => {
    await expect(octokit.graphql('query { repository(owner: "acme", name: "checkout") { nope } }')).rejects.toThrow(
      /Cannot query field "nope"/,
    );
    expect(gh.violations.map((violation) => violation.reason)).toEqual([
      expect.stringMatching(/^GraphQL: Cannot query field "nope"/),
    ]);
  });

  it("keeps REST routes reachable by repository id", async () => {
    gh.as("carol").openIssue("acme/checkout", { title: "x", body: "" });
    const id = gh.repo("acme/checkout").record.id;
    const { data } = await octokit.request("GET /repositories/{id}/issues/{n}", { id, n: 1 });
    expect((data as { title: string }).title).toBe("x");
    await expectStatus(octokit.rest.issues.get({ owner: "acme", repo: "checkout", issue_number: 9 }), 404);
  });
});
