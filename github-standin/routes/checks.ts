/** Check runs: what the app reports on a commit. */
import { notFound, unprocessable } from "../errors.js";
import { checkRunJson } from "../pull-representations.js";
import type { CheckRunRecord, RepoRecord } from "../state.js";
import { type RequestContext, type RouteTable, bodyObject, int, json, requireRepo, str } from "./context.js";

type Body = Record<string, unknown>;

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** Fields a create or an update sets; a conclusion completes the run (GitHub sets the status itself). */
function apply(ctx: RequestContext, run: CheckRunRecord, body: Body): void {
  const now = ctx.world.clock.iso();
  if (typeof body.name === "string") run.name = body.name;
  if (typeof body.external_id === "string") run.externalId = body.external_id;
  if (typeof body.details_url === "string") run.detailsUrl = body.details_url;
  if (body.status === "queued" || body.status === "in_progress" || body.status === "completed")
    run.status = body.status;
  if (typeof body.conclusion === "string") {
    run.conclusion = body.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed" && run.conclusion === null)
    throw unprocessable('Invalid request.\n\n"conclusion" wasn\'t supplied.');
  if (run.status === "completed") run.completedAt = typeof body.completed_at === "string" ? body.completed_at : now;
  const output = body.output && typeof body.output === "object" ? (body.output as Body) : undefined;
  if (output)
    run.output = {
      title: text(output.title) ?? run.output.title,
      summary: text(output.summary) ?? run.output.summary,
      text: text(output.text) ?? run.output.text,
    };
}

function requireRun(ctx: RequestContext, repo: RepoRecord): CheckRunRecord {
  const run = repo.checkRuns.get(int(ctx, "check_run_id"));
  if (!run) throw notFound();
  return run;
}

/** A branch, tag or sha → the commit sha, as `/commits/{ref}/...` resolves it. */
function commitOf(repo: RepoRecord, ref: string): string {
  const sha = repo.refs.get(`refs/heads/${ref}`) ?? repo.refs.get(`refs/tags/${ref}`) ?? repo.refs.get(ref) ?? ref;
  if (!repo.commits.has(sha)) throw unprocessable(`No commit found for SHA: ${ref}`);
  return sha;
}

export const checkRoutes: RouteTable = {
  "POST /repos/{owner}/{repo}/check-runs": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyObject(ctx);
    const headSha = String(body.head_sha);
    if (!repo.commits.has(headSha)) throw unprocessable(`No commit found for SHA: ${headSha}`);
    const run: CheckRunRecord = {
      id: ctx.world.ids.checkRun.next(),
      name: String(body.name),
      headSha,
      status: "queued",
      conclusion: null,
      externalId: null,
      detailsUrl: null,
      startedAt: typeof body.started_at === "string" ? body.started_at : ctx.world.clock.iso(),
      completedAt: null,
      output: { title: null, summary: null, text: null },
      checkSuiteId: ctx.world.ids.checkSuite.next(),
    };
    apply(ctx, run, body);
    repo.checkRuns.set(run.id, run);
    return json(201, checkRunJson(ctx.world, repo, run));
  },
  "GET /repos/{owner}/{repo}/check-runs/{check_run_id}": (ctx) => {
    const repo = requireRepo(ctx);
    return json(200, checkRunJson(ctx.world, repo, requireRun(ctx, repo)));
  },
  "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}": (ctx) => {
    const repo = requireRepo(ctx);
    const run = requireRun(ctx, repo);
    const draft = structuredClone(run);
    apply(ctx, draft, bodyObject(ctx));
    Object.assign(run, draft);
    return json(200, checkRunJson(ctx.world, repo, run));
  },
  /** Newest first; `filter=latest` (the default) keeps the newest run of each name. */
  "GET /repos/{owner}/{repo}/commits/{ref}/check-runs": (ctx) => {
    const repo = requireRepo(ctx);
    const sha = commitOf(repo, str(ctx, "ref"));
    const name = typeof ctx.query.check_name === "string" ? ctx.query.check_name : undefined;
    const status = typeof ctx.query.status === "string" ? ctx.query.status : undefined;
    const newestFirst = [...repo.checkRuns.values()]
      .filter((r) => r.headSha === sha && (name === undefined || r.name === name))
      .filter((r) => status === undefined || r.status === status)
      .sort((a, b) => b.id - a.id);
    const runs =
      ctx.query.filter === "all"
        ? newestFirst
        : newestFirst.filter((r) => newestFirst.find((other) => other.name === r.name) === r);
    const perPage = Math.min(Number(ctx.query.per_page ?? 30) || 30, 100);
    const page = Math.max(Number(ctx.query.page ?? 1) || 1, 1);
    const slice = runs.slice((page - 1) * perPage, page * perPage);
    return json(200, { total_count: runs.length, check_runs: slice.map((r) => checkRunJson(ctx.world, repo, r)) });
  },
};
