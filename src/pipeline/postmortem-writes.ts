import type { ActionItem } from "../domain/action-items.js";
import type { RecordData } from "../domain/markers.js";
import { FileConflict, type GitHubPorts, type PullRequestsPort, type PullSummary } from "../github/port.js";
import { assessPostmortem, checkRunOutput } from "../postmortem/assess.js";
import { refreshDocument } from "../postmortem/blocks.js";

/**
 * The post-mortem pull request's writes. Each create is found before it is made (the branch by its name, the
 * pull request by its head), so a redelivery, a crash or a 502 after GitHub saved it makes no second one. The
 * document is only ever updated with the `sha` it was read at: never a force-push, never a reviewer's commit
 * lost; a 409 (someone pushed meanwhile) means read again and merge again.
 */

export const POSTMORTEM_LABEL = {
  name: "incident:postmortem",
  color: "1d76db",
  description: "The post-mortem of an incident, proposed by Firebreak and reviewed like code",
};
export const CHECK_NAME = "Firebreak post-mortem";

export interface PostmortemToOpen {
  branch: string;
  path: string;
  title: string;
  document: string;
  pullBody: string;
  /** Role holders to ask for review; the author and non-collaborators are filtered out first. */
  reviewers: string[];
  incidentId: string;
}

export interface PostmortemWriteContext {
  ports: GitHubPorts;
  defaultBranch: string;
  /** Signs the record the pull request's body carries (which incident it belongs to). */
  signRepo: (kind: string, data: RecordData) => string;
}

/** Opens the pull request (or adopts the open one from an earlier run); returns the reply for the incident. */
export async function openPostmortem(
  key: string,
  plan: PostmortemToOpen,
  incidentNumber: number,
  ctx: PostmortemWriteContext,
): Promise<{ body: string; record: RecordData }> {
  const { pulls, issues } = ctx.ports;
  const found = await pulls.findPullByHead(plan.branch);
  let pull: PullSummary | undefined = found?.state === "open" ? found : undefined;
  if (!pull) {
    await ensureBranch(pulls, plan.branch, ctx.defaultBranch);
    await writeDocument(pulls, plan, `Post-mortem of ${plan.incidentId}`);
    const record = ctx.signRepo("postmortem", { key, incident: incidentNumber });
    pull = await pulls.createPull({
      title: plan.title,
      body: `${plan.pullBody.trimEnd()}\n\n${record}\n`,
      head: plan.branch,
      base: ctx.defaultBranch,
    });
  }
  await issues.ensureLabels([POSTMORTEM_LABEL]);
  await issues.addLabels(pull.number, [POSTMORTEM_LABEL.name]);
  const reviewers = await reviewable(ctx.ports, plan.reviewers, pull.author);
  if (reviewers.length) await pulls.requestReviewers(pull.number, reviewers);
  const asked = reviewers.length ? ` Review asked of ${reviewers.map((login) => `@${login}`).join(", ")}.` : "";
  return {
    body: `Opened the post-mortem pull request #${pull.number}: \`${plan.path}\`.${asked}`,
    record: { pull: pull.number, branch: plan.branch, path: plan.path },
  };
}

async function ensureBranch(pulls: PullRequestsPort, branch: string, base: string): Promise<void> {
  if (await pulls.branchHead(branch)) return;
  const head = await pulls.branchHead(base);
  if (!head) throw new Error(`the default branch ${base} has no commit to start ${branch} from`);
  await pulls.createBranch(branch, head);
}

/** GitHub refuses the whole request (422) if one login is the author or not a collaborator: ask only the others. */
async function reviewable(ports: GitHubPorts, logins: readonly string[], author: string): Promise<string[]> {
  const candidates = [...new Set(logins.map((login) => login.toLowerCase()))].filter(
    (login) => login !== author.toLowerCase(),
  );
  const levels = await Promise.all(candidates.map((login) => ports.permissions.getPermission(login)));
  return candidates.filter((_login, index) => levels[index] !== "none");
}

/**
 * Writes the document on its branch: created when absent; otherwise only the app-owned blocks are regenerated
 * around what reviewers wrote. One commit at most, none when nothing changed. Returns whether it committed.
 */
export async function writeDocument(
  pulls: PullRequestsPort,
  plan: Pick<PostmortemToOpen, "branch" | "path" | "document">,
  message: string,
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const file = await pulls.readFileAt(plan.path, plan.branch);
    const text = file ? refreshDocument(file.text, plan.document) : plan.document;
    if (file && text === file.text) return false;
    try {
      await pulls.writeFile({
        path: plan.path,
        branch: plan.branch,
        text,
        message,
        ...(file ? { sha: file.sha } : {}),
      });
      return true;
    } catch (error) {
      if (!(error instanceof FileConflict) || attempt >= 4) throw error;
    }
  }
}

/** The check run on the pull request's head: what is still to write, and the action items not owned or dated. */
export async function checkPostmortem(
  pulls: PullRequestsPort,
  run: { headSha: string; path: string; items: readonly ActionItem[] },
): Promise<void> {
  const file = await pulls.readFileAt(run.path, run.headSha);
  const assessment = file
    ? checkRunOutput(assessPostmortem(file.text, run.items))
    : {
        conclusion: "failure" as const,
        title: "Post-mortem document missing",
        summary: `\`${run.path}\` is not in this pull request any more.\n`,
      };
  const { conclusion, ...output } = assessment;
  const existing = await pulls.findCheckRun(run.headSha, CHECK_NAME);
  if (existing) await pulls.updateCheckRun(existing.id, { conclusion, output });
  else await pulls.createCheckRun({ name: CHECK_NAME, headSha: run.headSha, conclusion, output });
}
