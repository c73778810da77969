/** What changed in a repository: its commits, releases, deployments and their statuses. */
import { notFound, unprocessable, validationFailed } from "../errors.js";
import { ancestors, compare, mergeBase } from "../git-graph.js";
import { paginated } from "../pagination.js";
import { nodeId, repoUrl, userJson } from "../representations.js";
import {
  blobSha,
  type CommitRecord,
  type DeploymentRecord,
  type DeploymentStatusRecord,
  type ReleaseRecord,
  type RepoRecord,
  type World,
} from "../state.js";
import { type RequestContext, type RouteTable, bodyObject, int, json, requireRepo, str } from "./context.js";

/** A branch, tag or sha → the commit sha (GitHub answers 404 for a ref it does not know here, 422 for a bad sha). */
function resolveRef(repo: RepoRecord, ref: string): string {
  const sha = knownRef(repo, ref);
  if (sha === undefined) throw unprocessable(`No commit found for SHA: ${ref}`);
  return sha;
}

function gitUser(world: World, commit: CommitRecord) {
  return {
    name: commit.author,
    email: `${world.user(commit.author).id}+${commit.author}@users.noreply.github.com`,
    date: commit.date,
  };
}

function commitJson(world: World, repo: RepoRecord, commit: CommitRecord) {
  const api = `${repoUrl(world, repo)}`;
  const web = `${world.htmlUrl}/${repo.fullName}`;
  return {
    url: `${api}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: nodeId("Commit", Number.parseInt(commit.sha.slice(0, 8), 16)),
    html_url: `${web}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: gitUser(world, commit),
      committer: gitUser(world, commit),
      message: commit.message,
      comment_count: 0,
      tree: { sha: blobSha([...commit.tree.keys()].join("\n")), url: `${api}/git/trees/${commit.sha}` },
    },
    author: userJson(world, commit.author),
    committer: userJson(world, commit.author),
    parents: commit.parents.map((sha) => ({ sha, url: `${api}/commits/${sha}`, html_url: `${web}/commit/${sha}` })),
  };
}

/** The commits reachable from `sha`, newest first by date (then by walk order), like `git log`. */
function history(repo: RepoRecord, head: string): CommitRecord[] {
  const seen = new Set<string>();
  const found: CommitRecord[] = [];
  const queue = [head];
  for (let sha = queue.shift(); sha !== undefined; sha = queue.shift()) {
    const commit = repo.commits.get(sha);
    if (!commit || seen.has(sha)) continue;
    seen.add(sha);
    found.push(commit);
    queue.push(...commit.parents);
  }
  return found.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

function listCommits(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const ref = typeof ctx.query.sha === "string" ? ctx.query.sha : repo.defaultBranch;
  const head = repo.refs.get(`refs/heads/${ref}`) ?? (repo.commits.has(ref) ? ref : undefined);
  if (head === undefined) throw notFound();
  const since = typeof ctx.query.since === "string" ? ctx.query.since : undefined;
  const until = typeof ctx.query.until === "string" ? ctx.query.until : undefined;
  const commits = history(repo, head).filter(
    (commit) => (!since || commit.date >= since) && (!until || commit.date <= until),
  );
  return paginated(
    ctx,
    commits.map((commit) => commitJson(ctx.world, repo, commit)),
  );
}

/** A changed file as GitHub lists it (`diff-entry`): `before` is the tree the change is measured against. */
function fileJson(world: World, repo: RepoRecord, at: string, before: Map<string, string>, change: FileChange) {
  const [filename, text] = change;
  const web = `${world.htmlUrl}/${repo.fullName}`;
  const lines = text === null ? 0 : text.split("\n").length;
  return {
    sha: text === null ? "0000000000000000000000000000000000000000" : blobSha(text),
    filename,
    status: text === null ? "removed" : before.has(filename) ? "modified" : "added",
    additions: lines,
    deletions: 0,
    changes: lines,
    blob_url: `${web}/blob/${at}/${filename}`,
    raw_url: `${web}/raw/${at}/${filename}`,
    contents_url: `${repoUrl(world, repo)}/contents/${filename}?ref=${at}`,
  };
}

type FileChange = [filename: string, text: string | null];

/** One commit with the files it changed against its first parent. */
function getCommit(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const commit = repo.commits.get(resolveRef(repo, str(ctx, "ref")));
  if (!commit) throw notFound();
  const parent = commit.parents[0];
  const changes = parent ? compare(repo, parent, commit.sha).changes : new Map(commit.tree);
  const before = (parent && repo.commits.get(parent)?.tree) || new Map<string, string>();
  const files = [...changes].map((change) => fileJson(ctx.world, repo, commit.sha, before, change));
  const total = files.reduce((sum, file) => sum + file.additions, 0);
  return json(200, { ...commitJson(ctx.world, repo, commit), stats: { additions: total, deletions: 0, total }, files });
}

/** GitHub lists at most 250 commits and 300 files of a comparison (more commits are paged; we do not page). */
const COMPARED_COMMITS = 250;
const COMPARED_FILES = 300;

/**
 * `base...head`: what the head changed since the merge base, and how far each side is from the other. A ref or
 * sha the repository does not have, or two histories with no common commit, is a 404, as on GitHub.
 */
function compareCommits(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  // GitHub's description has the older `{base}...{head}` template too, and routes `a...b` to it.
  const refs = "basehead" in ctx.params ? str(ctx, "basehead").split("...") : [str(ctx, "base"), str(ctx, "head")];
  const [base, head] = refs.map((ref) => knownRef(repo, ref));
  if (!base || !head) throw notFound();
  const shared = mergeBase(repo, base, head);
  if (!shared) throw notFound(`No common ancestor between ${base} and ${head}.`);
  const [behind, ahead] = [ancestors(repo, base), ancestors(repo, head)];
  const commits = history(repo, head).filter((commit) => !behind.has(commit.sha));
  const behindBy = [...behind].filter((sha) => !ahead.has(sha)).length;
  const status = !commits.length ? (behindBy ? "behind" : "identical") : behindBy ? "diverged" : "ahead";
  const files = [...compare(repo, base, head).changes].slice(0, COMPARED_FILES);
  const web = `${ctx.world.htmlUrl}/${repo.fullName}/compare/${base}...${head}`;
  return json(200, {
    url: `${repoUrl(ctx.world, repo)}/compare/${base}...${head}`,
    html_url: web,
    permalink_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    base_commit: commitJson(ctx.world, repo, requireCommit(repo, base)),
    merge_base_commit: commitJson(ctx.world, repo, shared),
    status,
    ahead_by: commits.length,
    behind_by: behindBy,
    total_commits: commits.length,
    // Oldest first, as GitHub lists a comparison's commits.
    commits: commits
      .reverse()
      .slice(0, COMPARED_COMMITS)
      .map((commit) => commitJson(ctx.world, repo, commit)),
    files: files.map((change) => fileJson(ctx.world, repo, head, shared.tree, change)),
  });
}

/** A branch, tag or sha the repository has (a comparison answers 404 for any other). */
function knownRef(repo: RepoRecord, ref: string): string | undefined {
  const sha = repo.refs.get(`refs/heads/${ref}`) ?? repo.refs.get(`refs/tags/${ref}`) ?? ref;
  return repo.commits.has(sha) ? sha : undefined;
}

function requireCommit(repo: RepoRecord, sha: string): CommitRecord {
  const commit = repo.commits.get(sha);
  if (!commit) throw notFound();
  return commit;
}

function releaseJson(world: World, repo: RepoRecord, release: ReleaseRecord) {
  const api = repoUrl(world, repo);
  const web = `${world.htmlUrl}/${repo.fullName}`;
  return {
    url: `${api}/releases/${release.id}`,
    html_url: `${web}/releases/tag/${encodeURIComponent(release.tag)}`,
    assets_url: `${api}/releases/${release.id}/assets`,
    upload_url: `https://uploads.github.com/repos/${repo.fullName}/releases/${release.id}/assets{?name,label}`,
    tarball_url: `${api}/tarball/${release.tag}`,
    zipball_url: `${api}/zipball/${release.tag}`,
    id: release.id,
    node_id: nodeId("Release", release.id),
    tag_name: release.tag,
    target_commitish: release.target,
    name: release.name,
    body: null,
    draft: false,
    prerelease: false,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    author: userJson(world, release.author),
    assets: [],
  };
}

function deploymentJson(world: World, repo: RepoRecord, deployment: DeploymentRecord) {
  const api = repoUrl(world, repo);
  const latest = deployment.statuses.at(-1);
  return {
    url: `${api}/deployments/${deployment.id}`,
    id: deployment.id,
    node_id: nodeId("Deployment", deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: "deploy",
    payload: {},
    original_environment: deployment.environment,
    environment: deployment.environment,
    description: deployment.description,
    creator: userJson(world, deployment.creator),
    created_at: deployment.createdAt,
    updated_at: latest?.createdAt ?? deployment.createdAt,
    statuses_url: `${api}/deployments/${deployment.id}/statuses`,
    repository_url: api,
  };
}

function statusJson(world: World, repo: RepoRecord, deployment: DeploymentRecord, status: DeploymentStatusRecord) {
  const api = repoUrl(world, repo);
  return {
    url: `${api}/deployments/${deployment.id}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId("DeploymentStatus", status.id),
    state: status.state,
    creator: userJson(world, status.creator),
    description: status.description,
    environment: deployment.environment,
    target_url: status.logUrl,
    log_url: status.logUrl,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    deployment_url: `${api}/deployments/${deployment.id}`,
    repository_url: api,
  };
}

function requireDeployment(ctx: RequestContext, repo: RepoRecord): DeploymentRecord {
  const deployment = repo.deployments.get(int(ctx, "deployment_id"));
  if (!deployment) throw notFound();
  return deployment;
}

export const changeRoutes: RouteTable = {
  "GET /repos/{owner}/{repo}/commits": listCommits,
  "GET /repos/{owner}/{repo}/commits/{ref}": getCommit,
  "GET /repos/{owner}/{repo}/compare/{basehead}": compareCommits,
  "GET /repos/{owner}/{repo}/compare/{base}...{head}": compareCommits,
  /** Newest first, as GitHub lists them. */
  "GET /repos/{owner}/{repo}/releases": (ctx) => {
    const repo = requireRepo(ctx);
    const releases = [...repo.releases.values()].sort((a, b) => b.id - a.id);
    return paginated(
      ctx,
      releases.map((release) => releaseJson(ctx.world, repo, release)),
    );
  },
  "POST /repos/{owner}/{repo}/releases": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyObject(ctx);
    const tag = String(body.tag_name);
    if ([...repo.releases.values()].some((release) => release.tag === tag))
      throw validationFailed([{ resource: "Release", code: "already_exists", field: "tag_name" }]);
    const release = ctx.mutations.changes.publishRelease(repo, ctx.actor, {
      tag,
      ...(typeof body.name === "string" ? { name: body.name } : {}),
      ...(typeof body.target_commitish === "string" ? { target: body.target_commitish } : {}),
    });
    return json(201, releaseJson(ctx.world, repo, release));
  },
  /** Newest first; `environment` and `sha` filter. */
  "GET /repos/{owner}/{repo}/deployments": (ctx) => {
    const repo = requireRepo(ctx);
    const { environment, sha } = ctx.query;
    const deployments = [...repo.deployments.values()]
      .filter(
        (d) => (environment === undefined || d.environment === environment) && (sha === undefined || d.sha === sha),
      )
      .sort((a, b) => b.id - a.id);
    return paginated(
      ctx,
      deployments.map((deployment) => deploymentJson(ctx.world, repo, deployment)),
    );
  },
  "POST /repos/{owner}/{repo}/deployments": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyObject(ctx);
    const deployment = ctx.mutations.changes.deploy(repo, ctx.actor, {
      ref: String(body.ref),
      environment: typeof body.environment === "string" ? body.environment : "production",
      description: typeof body.description === "string" ? body.description : null,
    });
    return json(201, deploymentJson(ctx.world, repo, deployment));
  },
  /** Newest first, as GitHub lists them. */
  "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses": (ctx) => {
    const repo = requireRepo(ctx);
    const deployment = requireDeployment(ctx, repo);
    return paginated(
      ctx,
      [...deployment.statuses].reverse().map((status) => statusJson(ctx.world, repo, deployment, status)),
    );
  },
  "POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses": (ctx) => {
    const repo = requireRepo(ctx);
    const deployment = requireDeployment(ctx, repo);
    const body = bodyObject(ctx);
    // The state is one GitHub knows: the request was validated against the schema before it got here.
    const status = ctx.mutations.changes.setStatus(repo.fullName, deployment, ctx.actor, {
      state: String(body.state) as DeploymentStatusRecord["state"],
      ...(typeof body.log_url === "string" ? { logUrl: body.log_url } : {}),
      ...(typeof body.description === "string" ? { description: body.description } : {}),
    });
    return json(201, statusJson(ctx.world, repo, deployment, status));
  },
};
