import type { GitHubStandIn } from "../../github-standin/index.js";
import { expectStatus, type TestOctokitInstance, useStandIn } from "./helpers.js";

const repo = { owner: "acme", repo: "checkout" };
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("stand-in branches, files, pull requests and check runs", () => {
  let gh: GitHubStandIn;
  let octokit: TestOctokitInstance;

  useStandIn((env) => ({ gh, octokit } = env));

  /** A branch off main, as the app makes one. */
  async function branch(name: string): Promise<string> {
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: "heads/main" });
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${name}`, sha: main.object.sha });
    return main.object.sha;
  }

  async function write(path: string, text: string, onBranch: string, sha?: string) {
    return octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path,
      branch: onBranch,
      message: `Write ${path}`,
      content: base64(text),
      ...(sha ? { sha } : {}),
    });
  }

  describe("branches", () => {
    it("a branch is created once: the second create is 422 Reference already exists, an unknown sha 422 too", async () => {
      const sha = await branch("postmortem/INC-1");
      const { data } = await octokit.rest.git.getRef({ ...repo, ref: "heads/postmortem/INC-1" });
      expect(data.object.sha).toBe(sha);
      const again = await expectStatus(
        octokit.rest.git.createRef({ ...repo, ref: "refs/heads/postmortem/INC-1", sha }),
        422,
      );
      expect(again.message).toBe("Reference already exists");
      const unknown = await expectStatus(
        octokit.rest.git.createRef({ ...repo, ref: "refs/heads/other", sha: "f".repeat(40) }),
        422,
      );
      expect(unknown.message).toBe("Object does not exist");
    });

    it("deleting a branch makes its files and its ref 404", async () => {
      await branch("doomed");
      await octokit.rest.git.deleteRef({ ...repo, ref: "heads/doomed" });
      await expectStatus(octokit.rest.git.getRef({ ...repo, ref: "heads/doomed" }), 404);
      await expectStatus(octokit.rest.repos.getContent({ ...repo, path: ".github/firebreak.yml", ref: "doomed" }), 404);
    });
  });

  describe("contents on a branch", () => {
    it("creates (201), then updates with the blob sha (200); the default branch does not change", async () => {
      await branch("pm");
      const created = await write("postmortems/INC-1.md", "# INC-1\n", "pm");
      expect(created.status).toBe(201);
      const blob = created.data.content?.sha;
      expect(blob).toBe("b19064cb6facb01112c036502cbc5842607f5c83"); // `git hash-object` of "# INC-1\n"
      const updated = await write("postmortems/INC-1.md", "# INC-1\n\nMore.\n", "pm", blob);
      expect(updated.status).toBe(200);
      expect(updated.data.commit.parents?.map((p) => p.sha)).toEqual([created.data.commit.sha]);
      const { data } = await octokit.rest.repos.getContent({ ...repo, path: "postmortems/INC-1.md", ref: "pm" });
      expect(Buffer.from((data as { content: string }).content, "base64").toString("utf8")).toBe("# INC-1\n\nMore.\n");
      await expectStatus(octokit.rest.repos.getContent({ ...repo, path: "postmortems/INC-1.md" }), 404);
      expect(gh.repo("acme/checkout").fileAt("postmortems/INC-1.md", "pm")).toBe("# INC-1\n\nMore.\n");
      expect(gh.repo("acme/checkout").file("postmortems/INC-1.md")).toBeUndefined();
    });

    it("the same text gets the same blob sha on any branch (git's blob hash)", async () => {
      await branch("a");
      await branch("b");
      const one = await write("x.md", "same\n", "a");
      const two = await write("x.md", "same\n", "b");
      expect(one.data.content?.sha).toBe("1275430f1765c63e539cb0452565563bd6aef6a6"); // `git hash-object` of "same\n"
      expect(two.data.content?.sha).toBe(one.data.content?.sha);
    });

    it("refuses an existing file without sha (422), a stale sha (409) and a missing branch (404)", async () => {
      await branch("pm");
      const first = await write("f.md", "one\n", "pm");
      const missing = await expectStatus(write("f.md", "two\n", "pm"), 422);
      expect(missing.message).toBe('Invalid request.\n\n"sha" wasn\'t supplied.');
      await write("f.md", "two\n", "pm", first.data.content?.sha);
      const stale = await expectStatus(write("f.md", "three\n", "pm", first.data.content?.sha), 409);
      expect(stale.message).toBe(`f.md does not match ${first.data.content?.sha}`);
      const nowhere = await expectStatus(write("f.md", "x\n", "nope"), 404);
      expect(nowhere.message).toBe("Branch nope not found");
      expect(gh.repo("acme/checkout").fileAt("f.md", "pm")).toBe("two\n");
    });

    it("a write to the default branch is pushed (push delivery) and shows in repo.files", async () => {
      gh.takeDeliveries();
      await write("docs/x.md", "x\n", "main");
      expect(gh.repo("acme/checkout").file("docs/x.md")).toBe("x\n");
      const [push] = gh.takeDeliveries();
      expect(push?.name).toBe("push");
      expect(push?.payload).toMatchObject({ ref: "refs/heads/main", head_commit: { added: ["docs/x.md"] } });
    });
  });
});
