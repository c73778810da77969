import type { GitHubStandIn } from "../../github-standin/index.js";
import { expectStatus, type TestOctokitInstance, useStandIn } from "./helpers.js";

/** GitHub label names are case-insensitive: one label per name whatever the spelling, kept as first written. */
const repo = { owner: "acme", repo: "checkout" };

describe("stand-in label names are case-insensitive, like GitHub's", () => {
  let gh: GitHubStandIn;
  let octokit: TestOctokitInstance;

  useStandIn((env) => ({ gh, octokit } = env));

  beforeEach(() => gh.repo("acme/checkout").addLabel("Incident", "b60205", "Ours"));

  const repoLabelNames = async () =>
    (await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 })).map((l) => l.name);

  it("refuses to create `incident` when `Incident` exists: 422 already_exists, the existing label unchanged", async () => {
    const dup = await expectStatus(
      octokit.rest.issues.createLabel({ ...repo, name: "incident", color: "ededed" }),
      422,
    );
    expect(dup.errors).toEqual([{ resource: "Label", code: "already_exists", field: "name" }]);
    await expectStatus(octokit.rest.issues.createLabel({ ...repo, name: "INCIDENT" }), 422);
    expect(await repoLabelNames()).toEqual(["Incident"]);
  });

  it("gets and edits a label by any spelling of its name", async () => {
    const { data } = await octokit.rest.issues.getLabel({ ...repo, name: "incident" });
    expect(data).toMatchObject({ name: "Incident", color: "b60205", description: "Ours" });
    await octokit.rest.issues.updateLabel({ ...repo, name: "INCIDENT", color: "000000" });
    expect((await octokit.rest.issues.getLabel({ ...repo, name: "Incident" })).data.color).toBe("000000");
  });

  it("renaming a label to another spelling of its own name is allowed", async () => {
    await octokit.rest.issues.updateLabel({ ...repo, name: "Incident", new_name: "INCIDENT" });
    expect(await repoLabelNames()).toEqual(["INCIDENT"]);
  });

  it("adding `incident` to an issue applies the existing `Incident`, once, and creates no second label", async () => {
    const { data: issue } = await octokit.rest.issues.create({ ...repo, title: "t", labels: ["incident"] });
    expect(issue.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["Incident"]);
    const { data: labels } = await octokit.rest.issues.addLabels({
      ...repo,
      issue_number: issue.number,
      labels: ["INCIDENT", "incident"],
    });
    expect(labels.map((l) => l.name)).toEqual(["Incident"]);
    expect(await repoLabelNames()).toEqual(["Incident"]);
    const snap = gh.repo("acme/checkout").issue(issue.number);
    expect(snap.timeline.map((e) => `${e.event}:${e.label}`)).toEqual(["labeled:Incident"]);
    const deliveries = gh.takeDeliveries();
    expect(deliveries.map((d) => `${d.name}.${String(d.payload.action)}`)).toEqual(["issues.opened", "issues.labeled"]);
    expect((deliveries[1]!.payload.label as { name: string }).name).toBe("Incident");
  });

  it("removing `INCIDENT` removes `Incident`; removing it again is a 404", async () => {
    const { data: issue } = await octokit.rest.issues.create({ ...repo, title: "t", labels: ["Incident"] });
    await octokit.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: "INCIDENT" });
    const snap = gh.repo("acme/checkout").issue(issue.number);
    expect(snap.labels).toEqual([]);
    expect(snap.timeline.map((e) => `${e.event}:${e.label}`)).toEqual(["labeled:Incident", "unlabeled:Incident"]);
    await expectStatus(octokit.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: "incident" }), 404);
  });

  it("filters issues by any spelling of a label", async () => {
    await octokit.rest.issues.create({ ...repo, title: "labelled", labels: ["Incident"] });
    await octokit.rest.issues.create({ ...repo, title: "plain" });
    const { data } = await octokit.rest.issues.listForRepo({ ...repo, labels: "incident" });
    expect(data.map((i) => i.title)).toEqual(["labelled"]);
  });
});
