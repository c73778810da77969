/** REST JSON of pull requests, commits and check runs (the issue-side JSON lives in representations.ts). */
import { compare } from "./git-graph.js";
import {
  type Json,
  appJson,
  authorAssociation,
  labelJson,
  nodeId,
  repoJson,
  repoUrl,
  userJson,
} from "./representations.js";
import {
  type CheckRunRecord,
  type CommitRecord,
  type IssueRecord,
  type PullRecord,
  type RepoRecord,
  type World,
  issueLabels,
} from "./state.js";

/** An issue known to be a pull request. */
export type PullIssue = IssueRecord & { pull: PullRecord };

/** The base's current commit (its branch head), or the one recorded when the branch is gone. */
export function baseHead(repo: RepoRecord, pull: PullRecord): string {
  return repo.refs.get(`refs/heads/${pull.base}`) ?? pull.baseSha;
}

function branchJson(world: World, repo: RepoRecord, ref: string, sha: string): Json {
  return {
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: userJson(world, repo.owner),
    repo: repoJson(world, repo),
  };
}

function pullLinksJson(world: World, repo: RepoRecord, issue: PullIssue): Json {
  const api = repoUrl(world, repo);
  const href = (url: string) => ({ href: url });
  return {
    self: href(`${api}/pulls/${issue.number}`),
    html: href(`${world.htmlUrl}/${repo.fullName}/pull/${issue.number}`),
    issue: href(`${api}/issues/${issue.number}`),
    comments: href(`${api}/issues/${issue.number}/comments`),
    review_comments: href(`${api}/pulls/${issue.number}/comments`),
    review_comment: href(`${api}/pulls/comments{/number}`),
    commits: href(`${api}/pulls/${issue.number}/commits`),
    statuses: href(`${api}/statuses/${issue.pull.headSha}`),
  };
}

/** `pull-request-simple`: what lists and `requested_reviewers` answer. */
export function pullSimpleJson(world: World, repo: RepoRecord, issue: PullIssue): Json {
  const { pull } = issue;
  const api = repoUrl(world, repo);
  const html = `${world.htmlUrl}/${repo.fullName}/pull/${issue.number}`;
  const assignees = issue.assignees.map((a) => userJson(world, a));
  return {
    url: `${api}/pulls/${issue.number}`,
    id: pull.id,
    node_id: nodeId("PullRequest", pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${issue.number}`,
    commits_url: `${api}/pulls/${issue.number}/commits`,
    review_comments_url: `${api}/pulls/${issue.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: userJson(world, issue.user),
    body: issue.body,
    labels: issueLabels(repo, issue).map((l) => labelJson(world, repo, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: pull.requestedReviewers.map((r) => userJson(world, r)),
    requested_teams: [],
    head: branchJson(world, repo, pull.head, pull.headSha),
    base: branchJson(world, repo, pull.base, baseHead(repo, pull)),
    _links: pullLinksJson(world, repo, issue),
    author_association: authorAssociation(world, repo, issue.user),
    auto_merge: null,
    draft: false,
  };
}

/** Whether GitHub would merge it now: open, and no file changed differently on both sides. */
function mergeability(repo: RepoRecord, issue: PullIssue): { mergeable: boolean | null; state: string } {
  if (issue.pull.merged) return { mergeable: null, state: "unknown" };
  const { conflicts } = compare(repo, baseHead(repo, issue.pull), issue.pull.headSha);
  return conflicts.length > 0 ? { mergeable: false, state: "dirty" } : { mergeable: true, state: "clean" };
}

/** `pull-request`: the full representation (`GET /pulls/{n}`, creates, updates, webhooks). */
export function pullJson(world: World, repo: RepoRecord, issue: PullIssue): Json {
  const { pull } = issue;
  // Once merged, the base contains the head: the diff is against the base as it was before the merge.
  const diff = compare(repo, pull.merged ? pull.baseSha : baseHead(repo, pull), pull.headSha);
  const { mergeable, state } = mergeability(repo, issue);
  return {
    ...pullSimpleJson(world, repo, issue),
    merged: pull.merged,
    mergeable,
    rebaseable: mergeable,
    mergeable_state: state,
    merged_by: pull.mergedBy ? userJson(world, pull.mergedBy) : null,
    comments: [...repo.comments.values()].filter((c) => c.issueNumber === issue.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: diff.commits,
    additions: diff.additions,
    deletions: diff.deletions,
    changed_files: diff.changes.size,
  };
}

/** `pull-request-minimal`, as check runs list the pull requests of their commit. */
function pullMinimalJson(world: World, repo: RepoRecord, issue: PullIssue): Json {
  const small = { id: repo.id, url: repoUrl(world, repo), name: repo.name };
  return {
    id: issue.pull.id,
    number: issue.number,
    url: `${repoUrl(world, repo)}/pulls/${issue.number}`,
    head: { ref: issue.pull.head, sha: issue.pull.headSha, repo: small },
    base: { ref: issue.pull.base, sha: baseHead(repo, issue.pull), repo: small },
  };
}

export function pullsOf(repo: RepoRecord): PullIssue[] {
  return [...repo.issues.values()].filter((i): i is PullIssue => i.pull !== undefined);
}

function gitPerson(world: World, login: string, date: string): Json {
  const user = world.user(login);
  return { name: user.login, email: `${user.id}+${user.login}@users.noreply.github.com`, date };
}

/** The `commit` half of a contents write's answer (`file-commit`). */
export function fileCommitJson(world: World, repo: RepoRecord, commit: CommitRecord): Json {
  const api = repoUrl(world, repo);
  const html = `${world.htmlUrl}/${repo.fullName}`;
  const treeSha = nodeTreeSha(commit.sha);
  return {
    sha: commit.sha,
    node_id: nodeId("Commit", Number.parseInt(commit.sha.slice(0, 8), 16)),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${html}/commit/${commit.sha}`,
    author: gitPerson(world, commit.author, commit.date),
    committer: gitPerson(world, "web-flow", commit.date),
    message: commit.message,
    tree: { url: `${api}/git/trees/${treeSha}`, sha: treeSha },
    parents: commit.parents.map((sha) => ({
      url: `${api}/git/commits/${sha}`,
      html_url: `${html}/commit/${sha}`,
      sha,
    })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

/** A stable stand-in for a commit's tree sha (the stand-in does not hash trees). */
function nodeTreeSha(commitSha: string): string {
  return [...commitSha].reverse().join("");
}

export function checkRunJson(world: World, repo: RepoRecord, run: CheckRunRecord): Json {
  const api = repoUrl(world, repo);
  const pulls = pullsOf(repo).filter((p) => p.state === "open" && p.pull.headSha === run.headSha);
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CheckRun", run.id),
    external_id: run.externalId ?? "",
    url: `${api}/check-runs/${run.id}`,
    html_url: `${world.htmlUrl}/${repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `https://${world.app.slug}.example.com`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      ...run.output,
      annotations_count: 0,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app: appJson(world),
    pull_requests: pulls.map((p) => pullMinimalJson(world, repo, p)),
  };
}
