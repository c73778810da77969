import { createHash } from "node:crypto";
import type { IncidentConfig } from "../config/schema.js";
import type { SigningKeys } from "../domain/markers.js";
import { addMs, type Iso } from "../domain/time.js";
import type { Octokit } from "../github/octokit/index.js";
import { readIncidentFacts } from "../report/read-facts.js";
import { renderStatusPage } from "./render.js";

/**
 * Commits the status page to its branch with Git's Data API: one commit per change, none when nothing changed.
 * The branch's tree is read first (its ref, then its tree: 2 requests) and the rendered files' blob shas compared
 * with it, so an unchanged page costs no write. A change is one tree (the files inline, on the branch's tree), one
 * commit and one ref update that GitHub refuses unless it fast-forwards: a concurrent writer makes us read again.
 * A missing branch is created with an orphan commit.
 */

const WINDOW_MS = 90 * 24 * 60 * 60 * 1000;
const ATTEMPTS = 3;

export type PublishOutcome = "unchanged" | "written" | "would-write";

/** The blob sha git gives a text: what the branch's tree lists for an identical file. */
function gitBlobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

const status = (error: unknown): number | undefined =>
  typeof error === "object" && error !== null && "status" in error ? Number(error.status) : undefined;

async function publishFiles(
  octokit: Octokit,
  where: { owner: string; repo: string },
  change: { branch: string; files: Record<string, string>; message: string; dryRun?: boolean },
): Promise<PublishOutcome> {
  for (let attempt = 1; ; attempt++) {
    const head = await octokit.rest.git
      .getRef({ ...where, ref: `heads/${change.branch}` })
      .then((response) => response.data.object.sha)
      .catch((error: unknown) => {
        if (status(error) === 404) return undefined;
        throw error;
      });
    let baseTree: string | undefined;
    if (head) {
      const tree = (await octokit.rest.git.getTree({ ...where, tree_sha: head })).data;
      const current = new Map(tree.tree.map((entry) => [entry.path, entry.sha]));
      const changed = Object.entries(change.files).filter(([path, text]) => current.get(path) !== gitBlobSha(text));
      if (changed.length === 0) return "unchanged";
      baseTree = tree.sha;
    }
    if (change.dryRun) return "would-write";
    const tree = await octokit.rest.git.createTree({
      ...where,
      ...(baseTree ? { base_tree: baseTree } : {}),
      tree: Object.entries(change.files).map(([path, content]) => ({ path, mode: "100644", type: "blob", content })),
    });
    const commit = await octokit.rest.git.createCommit({
      ...where,
      message: change.message,
      tree: tree.data.sha,
      parents: head ? [head] : [],
    });
    try {
      if (head)
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

/** Renders the page from the last 90 days' incidents and publishes it when the repository opted in. */
export async function refreshStatusPage(
  octokit: Octokit,
  where: { owner: string; repo: string },
  options: { config: IncidentConfig; keys: SigningKeys; now: Iso; dryRun?: boolean },
): Promise<PublishOutcome | "off"> {
  const page = options.config.statusPage;
  if (!page.publish) return "off";
  const facts = await readIncidentFacts(octokit, where, addMs(options.now, -WINDOW_MS), options.keys);
  const files = renderStatusPage(facts, options.config, { now: options.now, name: where.repo });
  return publishFiles(octokit, where, {
    branch: page.branch,
    files,
    message: "Update the status page",
    ...(options.dryRun ? { dryRun: true } : {}),
  });
}
