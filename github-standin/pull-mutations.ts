/**
 * Pull requests: opening, editing, review requests and merging (with the "Fixes #n" closes GitHub performs when a
 * pull request lands on the default branch). A pull request is an issue carrying a `pull` record, so labels,
 * assignees and comments go through `Mutations` unchanged.
 */
import { DOCS, HttpError, unprocessable, validationFailed } from "./errors.js";
import { ancestors, compare } from "./git-graph.js";
import type { Actor, Mutations } from "./mutations.js";
import { type PullIssue, baseHead, pullsOf } from "./pull-representations.js";
import { userJson } from "./representations.js";
import { type CommitRecord, type RepoRecord, type World, roleOf } from "./state.js";
import type { Delivery } from "./types.js";
import { buildPushDelivery } from "./webhooks.js";

const NOT_MERGEABLE = "Pull Request is not mergeable";

function custom(message: string) {
  return validationFailed([{ resource: "PullRequest", code: "custom", message }]);
}

/** `owner:branch` or `branch` → the branch, when the owner is this repository's (forks are not modelled). */
function headBranch(repo: RepoRecord, head: string): string | undefined {
  const [owner, branch] = head.includes(":") ? head.split(/:(.*)/s) : [repo.owner, head];
  return owner?.toLowerCase() === repo.owner.toLowerCase() ? branch : undefined;
}

/** Issue numbers a text closes with GitHub's keywords (`Fixes #3`, `closes acme/checkout#4`), this repo only. */
function closingReferences(repo: RepoRecord, text: string): number[] {
  const pattern = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?\s+(?:([\w.-]+)\/([\w.-]+))?#(\d+)\b/gi;
  const numbers: number[] = [];
  for (const [, owner, name, number] of text.matchAll(pattern)) {
    if (owner && `${owner}/${name}`.toLowerCase() !== repo.fullName.toLowerCase()) continue;
    if (!numbers.includes(Number(number))) numbers.push(Number(number));
  }
  return numbers;
}

export class PullMutations {
  constructor(
    private readonly world: World,
    private readonly issues: Mutations,
  ) {}

  open(
    repo: RepoRecord,
    actor: Actor,
    input: { title: string; body: string | null; head: string; base: string },
  ): { issue: PullIssue; deliveries: Delivery[] } {
    const head = headBranch(repo, input.head);
    const headSha = head === undefined ? undefined : repo.refs.get(`refs/heads/${head}`);
    const baseSha = repo.refs.get(`refs/heads/${input.base}`);
    if (head === undefined || headSha === undefined)
      throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
    if (baseSha === undefined) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
    const duplicate = pullsOf(repo).find(
      (p) => p.state === "open" && p.pull.head === head && p.pull.base === input.base,
    );
    if (duplicate) throw custom(`A pull request already exists for ${repo.owner}:${head}.`);
    if (ancestors(repo, baseSha).has(headSha)) throw custom(`No commits between ${input.base} and ${head}`);
    const { issue } = this.issues.createIssue(repo, actor, { title: input.title, body: input.body });
    const pull = {
      id: this.world.ids.pull.next(),
      head,
      base: input.base,
      headSha,
      baseSha,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      requestedReviewers: [],
    };
    const opened = Object.assign(issue, { pull });
    return { issue: opened, deliveries: [this.issues.issueDelivery(repo, opened, actor, "opened")] };
  }

  /** GitHub refuses the whole request when any login is the author or not a collaborator. */
  requestReviewers(repo: RepoRecord, issue: PullIssue, actor: Actor, logins: string[]): Delivery[] {
    if (logins.some((l) => l.toLowerCase() === issue.user.toLowerCase()))
      throw unprocessable("Review cannot be requested from pull request author.");
    if (logins.some((l) => roleOf(repo, l) === undefined))
      throw unprocessable(
        `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.fullName} repository.`,
      );
    const deliveries: Delivery[] = [];
    for (const raw of logins) {
      const login = this.world.user(raw).login;
      if (issue.pull.requestedReviewers.some((r) => r.toLowerCase() === login.toLowerCase())) continue;
      issue.pull.requestedReviewers.push(login);
      deliveries.push(
        this.issues.issueDelivery(
          repo,
          issue,
          actor,
          "review_requested",
          {},
          { requested_reviewer: userJson(this.world, login) },
        ),
      );
    }
    if (deliveries.length > 0) issue.updatedAt = this.world.clock.iso();
    return this.issues.refreshIssue(repo, issue, deliveries);
  }

  /**
   * Merges into the base with one commit (two parents for `merge`, one for `squash`/`rebase`) whose tree is the
   * base's with the head's changes; then closes the pull request and, on the default branch, the issues it fixes.
   */
  merge(
    repo: RepoRecord,
    issue: PullIssue,
    actor: Actor,
    input: { sha?: string; method?: string; title?: string; message?: string },
  ): { commit: CommitRecord; deliveries: Delivery[] } {
    const { pull } = issue;
    if (issue.state !== "open") throw refused(405, NOT_MERGEABLE);
    if (input.sha !== undefined && input.sha !== pull.headSha)
      throw refused(409, "Head branch was modified. Review and try the merge again.");
    const before = baseHead(repo, pull);
    const diff = compare(repo, before, pull.headSha);
    if (diff.conflicts.length > 0) throw refused(405, NOT_MERGEABLE);
    const title = input.title ?? `Merge pull request #${issue.number} from ${repo.owner}/${pull.head}`;
    const message = input.message === undefined ? `${title}\n\n${issue.title}` : `${title}\n\n${input.message}`;
    const parents = (input.method ?? "merge") === "merge" ? [before, pull.headSha] : [before];
    const commit = this.world.commit(repo, pull.base, { tree: diff.merged, message, author: actor.login, parents });
    Object.assign(pull, {
      merged: true,
      mergedAt: commit.date,
      mergedBy: actor.login,
      mergeCommitSha: commit.sha,
      baseSha: before,
    });
    this.issues.appendEvent(issue, actor, "merged", { commitId: commit.sha });
    const files = [...diff.changes];
    const push = buildPushDelivery(this.world, repo, actor.login, {
      ref: `refs/heads/${pull.base}`,
      before,
      after: commit.sha,
      added: files.filter(([path, text]) => text !== null && !repo.commits.get(before)?.tree.has(path)).map(([p]) => p),
      modified: files
        .filter(([path, text]) => text !== null && repo.commits.get(before)?.tree.has(path))
        .map(([p]) => p),
      removed: files.filter(([, text]) => text === null).map(([p]) => p),
      message,
    });
    const closed = this.issues.updateIssue(repo, issue, actor, { state: "closed" });
    return { commit, deliveries: [push, ...closed, ...this.closeFixed(repo, issue, actor, commit.sha)] };
  }

  /**
   * History at set-up speed: a pull request as it stands after it was opened from a one-commit branch off the
   * default branch's head and squash-merged at once (so no merge base is searched and nothing can conflict). The
   * branch is deleted, as after "Delete branch"; no webhooks (they would have been delivered long ago).
   */
  landSquashed(
    repo: RepoRecord,
    author: Actor,
    merger: Actor,
    input: { title: string; files: Record<string, string> },
  ): { issue: PullIssue; commit: CommitRecord } {
    const base = repo.refs.get(`refs/heads/${repo.defaultBranch}`) ?? "";
    const tree = new Map(repo.commits.get(base)?.tree);
    for (const [path, text] of Object.entries(input.files)) tree.set(path, text);
    const head: CommitRecord = {
      sha: this.world.newSha(`${repo.fullName}@landed`),
      tree,
      parents: [base],
      message: input.title,
      author: author.login,
      date: this.world.clock.iso(),
    };
    repo.commits.set(head.sha, head);
    const { issue } = this.issues.createIssue(repo, author, { title: input.title, body: null });
    const message = `${input.title} (#${issue.number})`;
    const commit = this.world.commit(repo, repo.defaultBranch, {
      tree,
      message,
      author: merger.login,
      parents: [base],
    });
    const pull = {
      id: this.world.ids.pull.next(),
      head: `landed-${issue.number}`,
      base: repo.defaultBranch,
      headSha: head.sha,
      baseSha: base,
      merged: true,
      mergedAt: commit.date,
      mergedBy: merger.login,
      mergeCommitSha: commit.sha,
      requestedReviewers: [],
    };
    const landed = Object.assign(issue, { pull });
    this.issues.appendEvent(landed, merger, "merged", { commitId: commit.sha });
    // Closed as a merge closes it, without the webhook payloads `updateIssue` builds (nobody receives them).
    this.issues.appendEvent(landed, merger, "closed", { commitId: commit.sha });
    Object.assign(landed, { state: "closed", closedAt: commit.date, closedBy: merger.login, updatedAt: commit.date });
    return { issue: landed, commit };
  }

  /** GitHub closes what a pull request's title and body say it fixes, only when it lands on the default branch. */
  private closeFixed(repo: RepoRecord, issue: PullIssue, actor: Actor, commit: string): Delivery[] {
    if (issue.pull.base !== repo.defaultBranch) return [];
    return closingReferences(repo, `${issue.title}\n${issue.body ?? ""}`).flatMap((number) => {
      const target = repo.issues.get(number);
      if (!target || target.pull || target.state !== "open") return [];
      return this.issues.updateIssue(repo, target, actor, {
        state: "closed",
        stateReason: "completed",
        closingCommit: commit,
      });
    });
  }
}

function refused(status: 405 | 409, message: string): HttpError {
  return new HttpError(status, { message, documentation_url: DOCS, status: String(status) });
}
