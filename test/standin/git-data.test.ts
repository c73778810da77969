import type { GitHubStandIn } from "../../github-standin/index.js";
import { expectStatus, type TestOctokitInstance, useStandIn } from "./helpers.js";

const repo = { owner: "acme", repo: "checkout" };

/** Git's Data API (blobs, trees, commits, refs) over the stand-in's snapshot model, OpenAPI-validated both ways. */
describe("stand-in git data", () => {
  let gh: GitHubStandIn;
  let octokit: TestOctokitInstance;

  useStandIn((env) => ({ gh, octokit } = env));

  async function commitOn(parent: string | undefined, files: Record<string, string>, baseTree?: string) {
    const tree = await octokit.rest.git.createTree({
      ...repo,
      ...(baseTree ? { base_tree: baseTree } : {}),
      tree: Object.entries(files).map(([path, content]) => ({
        path,
        mode: "100644" as const,
        type: "blob" as const,
        content,
      })),
    });
    return octokit.rest.git.createCommit({
      ...repo,
      message: "m",
      tree: tree.data.sha,
      parents: parent ? [parent] : [],
    });
  }

  it("creates an orphan branch from a blob, a tree and a commit, and reads its tree back", async () => {
    const blob = await octokit.rest.git.createBlob({ ...repo, content: "hello\n" });
    expect(blob.data.sha).toBe("ce013625030ba8dba906f756967f9e9ca394464a"); // git hash-object
    const tree = await octokit.rest.git.createTree({
      ...repo,
      tree: [
        { path: "a.txt", mode: "100644", type: "blob", sha: blob.data.sha },
        { path: "docs/b.md", mode: "100644", type: "blob", content: "# B\n" },
      ],
    });
    const commit = await octokit.rest.git.createCommit({ ...repo, message: "first", tree: tree.data.sha });
    expect(commit.data.parents).toEqual([]);
    // A commit alone moves no ref.
    await expectStatus(octokit.rest.git.getRef({ ...repo, ref: "heads/gh-pages" }), 404);
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/gh-pages", sha: commit.data.sha });
    const read = await octokit.rest.git.getTree({ ...repo, tree_sha: "gh-pages" });
    expect(read.data.sha).toBe(tree.data.sha);
    expect(read.data.tree.map((e) => [e.path, e.type])).toEqual([
      ["a.txt", "blob"],
      ["docs", "tree"],
    ]);
    const recursive = await octokit.rest.git.getTree({ ...repo, tree_sha: commit.data.sha, recursive: "1" });
    expect(recursive.data.tree.map((e) => e.path)).toEqual(["a.txt", "docs", "docs/b.md"]);
    const contents = await octokit.rest.repos.getContent({ ...repo, path: "docs/b.md", ref: "gh-pages" });
    expect(Buffer.from((contents.data as { content: string }).content, "base64").toString()).toBe("# B\n");
    // The default branch is untouched.
    expect(gh.repo("acme/checkout").record.files.has("a.txt")).toBe(false);
  });

  it("builds on base_tree, deletes with sha null, and rejects bad shas with 422", async () => {
    const first = await commitOn(undefined, { "a.txt": "1", "b.txt": "2" });
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/pages", sha: first.data.sha });
    const tree = await octokit.rest.git.createTree({
      ...repo,
      base_tree: first.data.tree.sha,
      tree: [
        { path: "b.txt", mode: "100644", type: "blob", sha: null },
        { path: "c.txt", mode: "100644", type: "blob", content: "3" },
      ],
    });
    expect(tree.data.tree.map((e) => e.path)).toEqual(["a.txt", "c.txt"]);
    const bad = "0".repeat(40);
    await expectStatus(octokit.rest.git.createTree({ ...repo, base_tree: bad, tree: [] }), 422);
    await expectStatus(
      octokit.rest.git.createTree({ ...repo, tree: [{ path: "x", mode: "100644", type: "blob", sha: bad }] }),
      422,
    );
    await expectStatus(octokit.rest.git.createCommit({ ...repo, message: "m", tree: bad }), 422);
    await expectStatus(
      octokit.rest.git.createCommit({ ...repo, message: "m", tree: tree.data.sha, parents: [bad] }),
      422,
    );
    await expectStatus(octokit.rest.git.updateRef({ ...repo, ref: "heads/pages", sha: bad }), 422);
  });

  it("moves a branch only forward unless forced: 422 Update is not a fast forward", async () => {
    const first = await commitOn(undefined, { "a.txt": "1" });
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/pages", sha: first.data.sha });
    const second = await commitOn(first.data.sha, { "a.txt": "2" }, first.data.tree.sha);
    await octokit.rest.git.updateRef({ ...repo, ref: "heads/pages", sha: second.data.sha });
    // A sibling of `second` (made from the stale head) does not contain it.
    const stale = await commitOn(first.data.sha, { "a.txt": "3" }, first.data.tree.sha);
    const refused = await expectStatus(
      octokit.rest.git.updateRef({ ...repo, ref: "heads/pages", sha: stale.data.sha, force: false }),
      422,
    );
    expect(refused.message).toBe("Update is not a fast forward");
    expect((await octokit.rest.git.getRef({ ...repo, ref: "heads/pages" })).data.object.sha).toBe(second.data.sha);
    await octokit.rest.git.updateRef({ ...repo, ref: "heads/pages", sha: stale.data.sha, force: true });
    expect((await octokit.rest.git.getRef({ ...repo, ref: "heads/pages" })).data.object.sha).toBe(stale.data.sha);
  });
});
