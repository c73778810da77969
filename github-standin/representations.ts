/**
 * Builds the JSON GitHub returns (and embeds in webhooks) from the stand-in's records. Field sets
 * follow the REST schemas in the OpenAPI description and the `@octokit/webhooks-examples` payloads;
 * the stand-in's own tests validate responses against the spec to keep them honest.
 */
import {
  type CommentRecord,
  type IssueEventRecord,
  type IssueRecord,
  type LabelRecord,
  type ReactionRecord,
  type RepoRecord,
  type UserRecord,
  type World,
  issueLabels,
  roleOf,
} from "./state.js";
import { REACTION_CONTENTS, type Role } from "./types.js";

export type Json = Record<string, unknown>;

/** GitHub's opaque node ids are base64 of "<len>:<Type><id>"; only their shape matters. */
export function nodeId(type: string, id: number): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString("base64").replace(/=+$/, "");
}

export function userJson(world: World, login: string): Json {
  const u: UserRecord = world.user(login);
  const api = world.apiUrl;
  const escaped = encodeURIComponent(u.login);
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId(u.type === "Bot" ? "Bot" : u.type === "Organization" ? "Organization" : "User", u.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    gravatar_id: "",
    url: `${api}/users/${escaped}`,
    html_url: u.type === "Bot" ? `${world.htmlUrl}/apps/${world.app.slug}` : `${world.htmlUrl}/${u.login}`,
    followers_url: `${api}/users/${escaped}/followers`,
    following_url: `${api}/users/${escaped}/following{/other_user}`,
    gists_url: `${api}/users/${escaped}/gists{/gist_id}`,
    starred_url: `${api}/users/${escaped}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/users/${escaped}/subscriptions`,
    organizations_url: `${api}/users/${escaped}/orgs`,
    repos_url: `${api}/users/${escaped}/repos`,
    events_url: `${api}/users/${escaped}/events{/privacy}`,
    received_events_url: `${api}/users/${escaped}/received_events`,
    type: u.type,
    user_view_type: "public",
    site_admin: false,
  };
}

export function organizationJson(world: World, login: string): Json {
  const u = world.user(login);
  const api = `${world.apiUrl}/orgs/${u.login}`;
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId("Organization", u.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    description: null,
  };
}

export function appJson(world: World): Json {
  const app = world.app;
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId("App", app.id),
    client_id: app.clientId,
    owner: userJson(world, app.owner),
    name: app.name,
    description: "Incident response inside GitHub",
    external_url: `https://${app.slug}.example.com`,
    html_url: `${world.htmlUrl}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: { contents: "write", issues: "write", metadata: "read", pull_requests: "write", checks: "write" },
    events: ["issues", "issue_comment", "label", "repository_dispatch"],
    installations_count: 1,
  };
}

export function repoUrl(world: World, repo: RepoRecord): string {
  return `${world.apiUrl}/repos/${repo.fullName}`;
}

export function repoJson(world: World, repo: RepoRecord, viewer?: string): Json {
  const api = repoUrl(world, repo);
  const html = `${world.htmlUrl}/${repo.fullName}`;
  const openIssues = [...repo.issues.values()].filter((i) => i.state === "open").length;
  const role = viewer ? roleOf(repo, viewer) : undefined;
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: true,
    owner: userJson(world, repo.owner),
    html_url: html,
    description: null,
    fork: false,
    ...repoUrlTemplates(api),
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.createdAt,
    git_url: `git://github.com/${repo.fullName}.git`,
    ssh_url: `git@github.com:${repo.fullName}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: "TypeScript",
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: "private",
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    default_branch: repo.defaultBranch,
    network_count: 0,
    subscribers_count: 0,
    custom_properties: {},
    ...(role ? { permissions: permissionsJson(role) } : {}),
  };
}

/** The hypermedia URLs GitHub puts in every repository representation. */
function repoUrlTemplates(api: string): Json {
  return {
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
  };
}

/** What the viewer may do, as the repository representation says it. */
function permissionsJson(role: Role): Json {
  return {
    admin: role === "admin",
    maintain: role === "admin" || role === "maintain",
    push: role !== "read" && role !== "triage",
    triage: role !== "read",
    pull: true,
  };
}

export function labelJson(world: World, repo: RepoRecord, label: LabelRecord): Json {
  return {
    id: label.id,
    node_id: nodeId("Label", label.id),
    url: `${repoUrl(world, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

function reactionRollup(url: string, reactions: ReactionRecord[]): Json {
  const rollup: Json = { url, total_count: reactions.length };
  for (const content of REACTION_CONTENTS) rollup[content] = reactions.filter((r) => r.content === content).length;
  return rollup;
}

export function reactionJson(world: World, reaction: ReactionRecord): Json {
  return {
    id: reaction.id,
    node_id: nodeId("Reaction", reaction.id),
    user: userJson(world, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

export function authorAssociation(world: World, repo: RepoRecord, login: string): string {
  if (repo.owner.toLowerCase() === login.toLowerCase()) return "OWNER";
  if (world.user(login).type === "Bot") return "NONE";
  return repo.collaborators.has(login.toLowerCase()) ? "COLLABORATOR" : "NONE";
}

function issueUrl(world: World, repo: RepoRecord, n: number): string {
  return `${repoUrl(world, repo)}/issues/${n}`;
}

export function issueJson(world: World, repo: RepoRecord, issue: IssueRecord): Json {
  const url = issueUrl(world, repo, issue.number);
  const assignees = issue.assignees.map((a) => userJson(world, a));
  const comments = [...repo.comments.values()].filter((c) => c.issueNumber === issue.number).length;
  return {
    url,
    repository_url: repoUrl(world, repo),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${world.htmlUrl}/${repo.fullName}/${issue.pull ? "pull" : "issues"}/${issue.number}`,
    id: issue.id,
    node_id: nodeId("Issue", issue.id),
    number: issue.number,
    title: issue.title,
    user: userJson(world, issue.user),
    labels: issueLabels(repo, issue).map((l) => labelJson(world, repo, l)),
    state: issue.state,
    locked: issue.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: authorAssociation(world, repo, issue.user),
    active_lock_reason: null,
    body: issue.body,
    closed_by: issue.closedBy ? userJson(world, issue.closedBy) : null,
    reactions: reactionRollup(`${url}/reactions`, issue.reactions),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: issue.viaApp ? appJson(world) : null,
    state_reason: issue.stateReason,
    draft: false,
    ...(issue.pull ? { pull_request: pullLinks(world, repo, issue) } : {}),
  };
}

/** What an issue that is a pull request carries in its issue representation. */
function pullLinks(world: World, repo: RepoRecord, issue: IssueRecord): Json {
  const html = `${world.htmlUrl}/${repo.fullName}/pull/${issue.number}`;
  return {
    url: `${repoUrl(world, repo)}/pulls/${issue.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    merged_at: issue.pull?.mergedAt ?? null,
  };
}

export function commentJson(world: World, repo: RepoRecord, comment: CommentRecord): Json {
  const url = `${repoUrl(world, repo)}/issues/comments/${comment.id}`;
  return {
    url,
    html_url: `${world.htmlUrl}/${repo.fullName}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: issueUrl(world, repo, comment.issueNumber),
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    user: userJson(world, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(world, repo, comment.user),
    body: comment.body,
    reactions: reactionRollup(`${url}/reactions`, comment.reactions),
    performed_via_github_app: comment.viaApp ? appJson(world) : null,
  };
}

/** An entry of `/issues/{n}/events` (and the common part of non-comment timeline entries). */
export function issueEventJson(world: World, repo: RepoRecord, event: IssueEventRecord): Json {
  const base: Json = {
    id: event.id,
    node_id: nodeId("IssueEvent", event.id),
    url: `${repoUrl(world, repo)}/issues/events/${event.id}`,
    actor: userJson(world, event.actor),
    event: event.kind,
    commit_id: event.commitId ?? null,
    commit_url: event.commitId ? `${repoUrl(world, repo)}/commits/${event.commitId}` : null,
    created_at: event.createdAt,
    performed_via_github_app: event.viaApp ? appJson(world) : null,
  };
  switch (event.kind) {
    case "labeled":
    case "unlabeled":
      return { ...base, label: event.label };
    case "assigned":
    case "unassigned":
      return {
        ...base,
        assignee: userJson(world, event.assignee ?? event.actor),
        assigner: userJson(world, event.actor),
      };
    case "renamed":
      return { ...base, rename: event.rename };
    case "closed":
    case "reopened":
      return { ...base, state_reason: event.stateReason ?? null };
    case "merged":
      return base;
  }
}

export function timelineCommentJson(world: World, repo: RepoRecord, comment: CommentRecord): Json {
  return { ...commentJson(world, repo, comment), event: "commented", actor: userJson(world, comment.user) };
}
