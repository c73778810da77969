/**
 * The post-mortem as the demo leaves it: the document as merged on the default branch, and its pull request
 * (title, body, state, reviewers, labels, and each commit of its branch with the check runs on it).
 */
import type { RepoHandle } from "../github-standin/index.js";

const cell = (text: string) => text.replace(/\|/g, "\\|").split("\n").join(" ");

/** The document as merged, after a comment naming where it comes from (invisible when rendered). */
export function postmortemMarkdown(repo: RepoHandle, path: string, pullNumber: number): string {
  const pull = repo.pull(pullNumber);
  const document = repo.fileAt(path, repo.defaultBranch) ?? "";
  const state = pull.merged
    ? `merged into ${repo.defaultBranch} by ${pull.mergedBy} with pull request #${pull.number} (merge commit ${pull.mergeCommitSha?.slice(0, 7)})`
    : `NOT merged: pull request #${pull.number} is ${pull.state}`;
  return `<!-- demo-output: ${path} on ${repo.defaultBranch}, ${state} -->\n${document}`;
}

/** The commits of the pull request's branch, oldest first: its head's first parents not on the default branch. */
function branchCommits(repo: RepoHandle, headSha: string) {
  const { commits } = repo.record;
  const onBase = new Set<string>();
  for (let sha = repo.ref(`heads/${repo.defaultBranch}`); sha; sha = commits.get(sha)?.parents[0]) onBase.add(sha);
  const branch = [];
  for (let sha: string | undefined = headSha; sha && !onBase.has(sha); sha = commits.get(sha)?.parents[0]) {
    const commit = commits.get(sha);
    if (commit) branch.unshift(commit);
  }
  return branch;
}

export function pullMarkdown(repo: RepoHandle, pullNumber: number): string {
  const pull = repo.pull(pullNumber);
  const state = pull.merged
    ? `merged by ${pull.mergedBy} (merge commit ${pull.mergeCommitSha?.slice(0, 7)})`
    : pull.state;
  const rows = branchCommits(repo, pull.headSha).flatMap((commit) => {
    const runs = repo.checkRuns(commit.sha);
    const head = `| \`${commit.sha.slice(0, 7)}\` | ${commit.author} | ${cell(commit.message)}`;
    if (!runs.length) return [`${head} | — | — | |`];
    return runs.map(
      (run) => `${head} | ${run.name} | ${run.conclusion ?? run.status} | ${cell(run.output.title ?? "")} |`,
    );
  });
  const latest = repo.checkRuns(pull.headSha).at(-1);
  return [
    `# ${pull.title} (#${pull.number})`,
    "",
    `- **State:** ${state}`,
    `- **Branch:** \`${pull.head}\` → \`${pull.base}\``,
    `- **Opened by:** ${pull.user}`,
    `- **Reviewers requested:** ${pull.requestedReviewers.join(", ") || "none"}`,
    `- **Labels:** ${pull.labels.map((l) => `\`${l}\``).join(", ") || "none"}`,
    `- **Check on the merged head:** ${latest ? `${latest.name}: ${latest.conclusion ?? latest.status}` : "none"}`,
    "",
    "## Body",
    "",
    pull.body ?? "",
    "",
    "## Commits and check runs",
    "",
    "| Commit | Author | Message | Check run | Conclusion | Title |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    ...(latest?.output.summary ? ["## Latest check run's summary", "", latest.output.summary] : []),
  ].join("\n");
}
