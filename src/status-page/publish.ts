import { createHash } from "node:crypto";
import type { IncidentConfig } from "../config/schema.js";
import type { SigningKeys } from "../domain/markers.js";
import { addMs, type Iso } from "../domain/time.js";
import type { Octokit } from "../github/octokit/index.js";
import { readIncidentFacts, readOpenIncidentFacts } from "../report/read-facts.js";
import { renderStatusPage } from "./render.js";

/**
 * Commits the status page to its branch with Git's Data API: one commit per change, none when nothing changed.
 * The branch's tree is read first (its ref, then its tree: 2 requests) and the rendered files' blob shas compared
 * with it, so an unchanged page costs no write. A change is one tree (the files inline, on the branch's tree), one
 * commit and one ref update that GitHub refuses unless it fast-forwards: a concurrent writer makes us read again.
 * A missing branch is created with an orphan commit.
 */

const WINDOW_MS = 90 * 24 * 60 * 60 * 1000;
/** Writers of one branch at once (runs of several incidents, a sweep): each failed attempt means one got in. */
const ATTEMPTS = 5;

export type PublishOutcome = "unchanged" | "written" | "would-write";

/** The blob sha git gives a text: what the branch's tree lists for an identical file. */
function gitBlobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

const status = (error: unknown): number | undefined =>
  typeof error === "object" && error !== null && "status" in error ? Number(error.status) : undefined;

/** The branch's head commit and its files' blob shas (2 requests), or nothing when the branch does not exist. */
async function readBranch(
  octokit: Octokit,
  where: { owner: string; repo: string },
  branch: string,
): Promise<
  { head: string; tree: Promise<{ sha: string; blobs: Map<string | undefined, string | undefined> }> } | undefined
> {
  const head = await octokit.rest.git
    .getRef({ ...where, ref: `heads/${branch}` })
    .then((response) => response.data.object.sha)
    .catch((error: unknown) => {
      if (status(error) === 404) return undefined;
      throw error;
    });
  if (!head) return undefined;
  const tree = octokit.rest.git
    .getTree({ ...where, tree_sha: head })
    .then(({ data }) => ({ sha: data.sha, blobs: new Map(data.tree.map((entry) => [entry.path, entry.sha])) }));
  return { head, tree };
}

/**
 * `render` is called after the branch's head is read, on every attempt: a writer that moved the branch before
 * we read it had written its incident before, so what we render shows its change too; one that moves it after
 * makes our fast-forward fail (422), and we read and render again. So no change is lost to a concurrent run.
 */
async function publishFiles(
  octokit: Octokit,
  where: { owner: string; repo: string },
  change: { branch: string; render: () => Promise<Record<string, string>>; message: string; dryRun?: boolean },
): Promise<PublishOutcome> {
  for (let attempt = 1; ; attempt++) {
    const branch = await readBranch(octokit, where, change.branch);
    const [files, tree] = await Promise.all([change.render(), branch?.tree]);
    if (tree && Object.entries(files).every(([path, text]) => tree.blobs.get(path) === gitBlobSha(text)))
      return "unchanged";
    if (change.dryRun) return "would-write";
    const created = await octokit.rest.git.createTree({
      ...where,
      ...(tree ? { base_tree: tree.sha } : {}),
      tree: Object.entries(files).map(([path, content]) => ({ path, mode: "100644", type: "blob", content })),
    });
    const commit = await octokit.rest.git.createCommit({
      ...where,
      message: change.message,
      tree: created.data.sha,
      parents: branch ? [branch.head] : [],
    });
    try {
      if (branch)
        await octokit.rest.git.updateRef({
          ...where,
          ref: `heads/${change.branch}`,
          sha: commit.data.sha,
          force: false,
        });
      else await octokit.rest.git.createRef({ ...where, ref: `refs/heads/${change.branch}`, sha: commit.data.sha });
      return "written";
    } catch (error) {
      // Someone moved (or created) the branch since we read it: read it again, never force.
      if (status(error) !== 422 || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * Renders the page from the last 90 days' incidents and every open one, and publishes it when the repository
 * opted in. Reads: the branch (2 requests) and the incidents (2); a change adds a tree, a commit and the ref.
 */
export async function refreshStatusPage(
  octokit: Octokit,
  where: { owner: string; repo: string },
  options: { config: IncidentConfig; keys: SigningKeys; now: Iso; dryRun?: boolean },
): Promise<PublishOutcome | "off"> {
  const page = options.config.statusPage;
  if (!page.publish) return "off";
  const render = async () => {
    const [recent, open] = await Promise.all([
      readIncidentFacts(octokit, where, addMs(options.now, -WINDOW_MS), options.keys),
      readOpenIncidentFacts(octokit, where, options.keys),
    ]);
    const listed = new Set(recent.map((facts) => facts.number));
    const facts = [...recent, ...open.filter((facts) => !listed.has(facts.number))];
    return renderStatusPage(facts, options.config, { now: options.now, name: where.repo });
  };
  return publishFiles(octokit, where, {
    branch: page.branch,
    render,
    message: "Update the status page",
    ...(options.dryRun ? { dryRun: true } : {}),
  });
}
