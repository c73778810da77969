/**
 * GitHub's GraphQL endpoint, for the few operations the REST API lacks (transferring an issue). Every query
 * is parsed and validated against GitHub's published schema (`@octokit/graphql-schema`), as REST requests are
 * against the OpenAPI description: an invalid document is a violation. Only the fields resolved here answer;
 * others resolve to null, as a field GitHub hides would.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, execute, type GraphQLError, type GraphQLSchema, parse, validate } from "graphql";
import type { Actor, Mutations } from "./mutations.js";
import { nodeId } from "./representations.js";
import type { IssueRecord, RepoRecord, World } from "./state.js";
import type { Delivery } from "./types.js";

let schema: GraphQLSchema | undefined;

/** The schema file, found from here upwards (the package exports no path to it). */
function schemaText(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules/@octokit/graphql-schema/schema.graphql");
    if (existsSync(file)) return readFileSync(file, "utf8");
    if (path.dirname(dir) === dir) throw new Error("github-standin: @octokit/graphql-schema is not installed");
  }
}

function githubSchema(): GraphQLSchema {
  // GitHub's published SDL repeats a few enterprise fields, which graphql-js would refuse to build.
  schema ??= buildSchema(schemaText(), { assumeValidSDL: true });
  return schema;
}

/** An error GitHub reports beside `data` (with its `type`, e.g. NOT_FOUND, FORBIDDEN). */
class GitHubGraphqlError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface GraphqlAnswer {
  status: number;
  body: Record<string, unknown>;
  deliveries: Delivery[];
  /** Why GitHub would reject the document (a violation), when it would. */
  invalid?: string;
}

export function answerGraphql(world: World, mutations: Mutations, actor: Actor, request: unknown): GraphqlAnswer {
  const { query, variables } = (request ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  if (typeof query !== "string") return problem("A query attribute must be specified and must be a string.");
  let document: ReturnType<typeof parse>;
  try {
    document = parse(query);
  } catch (error) {
    return problem(error instanceof Error ? error.message : String(error));
  }
  const errors = validate(githubSchema(), document);
  if (errors.length) return problem(errors.map((error) => error.message).join("; "));
  const deliveries: Delivery[] = [];
  const result = execute({
    schema: githubSchema(),
    document,
    variableValues: variables ?? {},
    rootValue: rootResolvers(world, mutations, actor, deliveries),
  }) as { data?: unknown; errors?: readonly GraphQLError[] };
  const body: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors?.length) body.errors = result.errors.map(githubError);
  return { status: 200, body, deliveries };
}

function problem(message: string): GraphqlAnswer {
  return { status: 200, body: { errors: [{ message }] }, deliveries: [], invalid: message };
}

function githubError(error: GraphQLError): Record<string, unknown> {
  const original = error.originalError;
  return {
    ...(original instanceof GitHubGraphqlError ? { type: original.type } : {}),
    path: error.path,
    locations: error.locations,
    message: error.message,
  };
}

function rootResolvers(world: World, mutations: Mutations, actor: Actor, deliveries: Delivery[]) {
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = world.findRepo(owner, name);
      if (!repo)
        throw new GitHubGraphqlError(
          "NOT_FOUND",
          `Could not resolve to a Repository with the name '${owner}/${name}'.`,
        );
      return repositoryNode(world, repo);
    },
    transferIssue: ({
      input,
    }: {
      input: { issueId: string; repositoryId: string; createLabelsIfMissing?: boolean };
    }) => {
      const source = findIssueByNodeId(world, input.issueId);
      const target = [...world.repos.values()].find((repo) => nodeId("Repository", repo.id) === input.repositoryId);
      if (!source || !target)
        throw new GitHubGraphqlError("NOT_FOUND", "Could not resolve to a node with the global id given.");
      const moved = transfer(mutations, actor, source, target, input.createLabelsIfMissing ?? false);
      deliveries.push(...moved.deliveries);
      return { issue: issueNode(world, target, moved.issue) };
    },
  };
}

function repositoryNode(world: World, repo: RepoRecord) {
  return {
    id: nodeId("Repository", repo.id),
    name: repo.name,
    nameWithOwner: repo.fullName,
    issue: ({ number }: { number: number }) => {
      const issue = repo.issues.get(number);
      return issue && !issue.pull ? issueNode(world, repo, issue) : null;
    },
  };
}

function issueNode(world: World, repo: RepoRecord, issue: IssueRecord) {
  return {
    id: nodeId("Issue", issue.id),
    number: issue.number,
    title: issue.title,
    url: `${world.htmlUrl}/${repo.fullName}/issues/${issue.number}`,
    repository: () => repositoryNode(world, repo),
  };
}

function findIssueByNodeId(world: World, id: string): { repo: RepoRecord; issue: IssueRecord } | undefined {
  for (const repo of world.repos.values())
    for (const issue of repo.issues.values()) if (nodeId("Issue", issue.id) === id) return { repo, issue };
  return undefined;
}

/** GitHub's rules: same owner, write access to both, not a pull request, not to where it already is. */
function transfer(
  mutations: Mutations,
  actor: Actor,
  source: { repo: RepoRecord; issue: IssueRecord },
  target: RepoRecord,
  createLabelsIfMissing: boolean,
): { issue: IssueRecord; deliveries: Delivery[] } {
  if (source.issue.pull) throw new GitHubGraphqlError("UNPROCESSABLE", "Pull requests cannot be transferred.");
  if (source.repo === target)
    throw new GitHubGraphqlError("UNPROCESSABLE", "The issue is already in the target repository.");
  if (source.repo.owner.toLowerCase() !== target.owner.toLowerCase())
    throw new GitHubGraphqlError("UNPROCESSABLE", "Issues can only be transferred between repositories of one owner.");
  if (!actor.viaApp && !(mayWrite(source.repo, actor.login) && mayWrite(target, actor.login)))
    throw new GitHubGraphqlError(
      "FORBIDDEN",
      `${actor.login} does not have the correct permissions to execute \`TransferIssue\``,
    );
  return mutations.transferIssue(source.repo, source.issue, target, actor, createLabelsIfMissing);
}

function mayWrite(repo: RepoRecord, login: string): boolean {
  return ["write", "maintain", "admin"].includes(repo.collaborators.get(login.toLowerCase()) ?? "");
}
