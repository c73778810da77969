import { type GitHubStandIn, loadSpec, matchRoute } from "../../github-standin/index.js";
import { routes } from "../../github-standin/routes/index.js";
import { expectStatus, type TestOctokitInstance, useStandIn } from "./helpers.js";

describe("OpenAPI request validation", () => {
  let gh: GitHubStandIn;
  let octokit: TestOctokitInstance;

  useStandIn((env) => ({ gh, octokit } = env), { expectNoViolations: false });

  it("accepts a well-formed request and records it with its route and actor", async () => {
    await octokit.rest.issues.create({ owner: "acme", repo: "checkout", title: "DB down", labels: ["incident"] });
    expect(gh.violations).toEqual([]);
    const create = gh.requests.find((r) => r.method === "POST" && r.route === "/repos/{owner}/{repo}/issues");
    expect(create).toMatchObject({ status: 201, actor: "firebreak[bot]", path: "/repos/acme/checkout/issues" });
  });

  it("flags a body field of the wrong type with a 422", async () => {
    const data = await expectStatus(
      octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
        owner: "acme",
        repo: "checkout",
        issue_number: 1,
        labels: "incident" as unknown as string[],
      }),
      422,
    );
    expect(data.message).toBe("Validation Failed");
    expect(gh.violations).toHaveLength(1);
    expect(gh.violations[0]).toMatchObject({ method: "POST", path: "/repos/acme/checkout/issues/1/labels" });
    expect(gh.violations[0]!.reason).toMatch(/body\/labels: must be array/);
  });

  it("flags an unknown body property only where the schema forbids it, and a missing required one", async () => {
    await expectStatus(
      octokit.request("POST /repos/{owner}/{repo}/git/refs", {
        owner: "acme",
        repo: "checkout",
        ref: "refs/heads/x",
      } as never),
      422,
    );
    expect(gh.violations[0]!.reason).toMatch(/must have required property 'sha'/);
  });

  it("flags an unknown route with GitHub's 404", async () => {
    const data = await expectStatus(
      octokit.request("GET /repos/{owner}/{repo}/incidents", { owner: "acme", repo: "checkout" }),
      404,
    );
    expect(data.message).toBe("Not Found");
    expect(gh.violations).toEqual([
      { method: "GET", path: "/repos/acme/checkout/incidents", reason: "no OpenAPI operation matches this path" },
    ]);
  });

  it("flags a method the path does not support", async () => {
    await expectStatus(
      octokit.request("PUT /repos/{owner}/{repo}/issues/{issue_number}", {
        owner: "acme",
        repo: "checkout",
        issue_number: 1,
      }),
      404,
    );
    expect(gh.violations[0]!.reason).toMatch(/PUT is not defined/);
  });

  it("flags unknown query parameters and bad enum values", async () => {
    await expectStatus(
      octokit.request("GET /repos/{owner}/{repo}/issues", { owner: "acme", repo: "checkout", colour: "red" }),
      422,
    );
    expect(gh.violations[0]!.reason).toMatch(/additional properties \(colour\)/);
    await expectStatus(
      octokit.request("GET /repos/{owner}/{repo}/issues", { owner: "acme", repo: "checkout", state: "shut" as "open" }),
      422,
    );
    expect(gh.violations[1]!.reason).toMatch(/query\/state: must be equal to one of the allowed values/);
  });

  it("flags a non-integer path parameter", async () => {
    await expectStatus(octokit.request("GET /repos/acme/checkout/issues/abc"), 422);
    expect(gh.violations[0]!.reason).toMatch(/path\/issue_number: must be integer/);
  });

  it("answers 401 without credentials, which is not a violation", async () => {
    const res = await fetch(`${gh.baseUrl}/repos/acme/checkout`);
    expect(res.status).toBe(401);
    expect(gh.violations).toEqual([]);
  });

  it("semantic 404s (unknown repo or issue) are not violations", async () => {
    await expectStatus(octokit.rest.issues.get({ owner: "acme", repo: "checkout", issue_number: 99 }), 404);
    await expectStatus(octokit.rest.repos.get({ owner: "acme", repo: "nope" }), 404);
    expect(gh.violations).toEqual([]);
  });

  it("every implemented route is an operation of api.github.com", () => {
    loadSpec();
    for (const key of Object.keys(routes)) {
      const [method, template] = key.split(" ") as [string, string];
      const concrete = template.replace(/\{[^}]+\}/g, (m) =>
        m === "{issue_number}" || m.endsWith("_id}") ? "1" : "x",
      );
      const match = matchRoute(method, concrete);
      expect({ key, route: match.kind === "matched" ? match.operation.route : match.kind }).toEqual({
        key,
        route: template,
      });
    }
  });

  it("routes literal segments before parameters and keeps slashes in multi-segment params", () => {
    const comment = matchRoute("GET", "/repos/a/b/issues/comments/7");
    expect(comment.kind === "matched" && comment.operation.route).toBe(
      "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    );
    const contents = matchRoute("GET", "/repos/a/b/contents/.github%2Ffirebreak.yml");
    expect(contents.kind === "matched" && contents.pathParams.path).toBe(".github/firebreak.yml");
    const ref = matchRoute("GET", "/repos/a/b/git/ref/heads/feature/x");
    expect(ref.kind === "matched" && ref.pathParams.ref).toBe("heads/feature/x");
  });
});
