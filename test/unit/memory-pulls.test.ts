/** The in-memory PullRequestsPort answers as OctokitPulls does against GitHub (see test/e2e/pulls-port.test.ts). */
import { FileConflict } from "../../src/github/port.js";
import { MemoryPulls } from "../support/memory-pulls.js";

describe("MemoryPulls", () => {
  it("creates a branch once and keeps files per branch", async () => {
    const pulls = new MemoryPulls("acme", "checkout");
    const main = await pulls.branchHead("main");
    expect(await pulls.createBranch("pm", main ?? "")).toBe(true);
    expect(await pulls.createBranch("pm", main ?? "")).toBe(false);
    const written = await pulls.writeFile({ path: "a.md", branch: "pm", text: "a\n", message: "Add a" });
    expect(await pulls.branchHead("pm")).toBe(written.commit);
    expect(await pulls.readFileAt("a.md", "pm")).toEqual({ text: "a\n", sha: written.sha });
    expect(await pulls.readFileAt("a.md", "main")).toBeUndefined();
  });

  it("throws FileConflict for a missing or stale sha, like GitHub's 422 and 409", async () => {
    const pulls = new MemoryPulls("acme", "checkout");
    const change = { path: "a.md", branch: "main", message: "m" };
    const first = await pulls.writeFile({ ...change, text: "1\n" });
    await expect(pulls.writeFile({ ...change, text: "2\n" })).rejects.toBeInstanceOf(FileConflict);
    await pulls.writeFile({ ...change, text: "2\n", sha: first.sha });
    await expect(pulls.writeFile({ ...change, text: "3\n", sha: first.sha })).rejects.toBeInstanceOf(FileConflict);
  });

  it("answers the open pull request of a head instead of a second one, and the newest check run of a name", async () => {
    const pulls = new MemoryPulls("acme", "checkout");
    const main = (await pulls.branchHead("main")) ?? "";
    await pulls.createBranch("pm", main);
    const first = await pulls.createPull({ title: "one", body: "", head: "pm", base: "main" });
    const again = await pulls.createPull({ title: "two", body: "", head: "pm", base: "main" });
    expect(again).toEqual(first);
    expect(await pulls.findPullByHead("pm")).toEqual(first);
    expect(await pulls.findPullByHead("other")).toBeUndefined();
    const output = { title: "t", summary: "s" };
    await pulls.createCheckRun({ name: "pm", headSha: main, conclusion: "failure", output });
    const id = await pulls.createCheckRun({ name: "pm", headSha: main, conclusion: "neutral", output });
    await pulls.updateCheckRun(id, { conclusion: "success" });
    expect(await pulls.findCheckRun(main, "pm")).toEqual({ id, conclusion: "success" });
  });
});
