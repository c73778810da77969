/** Repository labels (the issue-label endpoints live in issues.ts). */
import { notFound } from "../errors.js";
import { paginated } from "../pagination.js";
import { labelJson } from "../representations.js";
import { findLabelByName } from "../state.js";
import { type RouteTable, bodyObject, json, requireRepo, str } from "./context.js";

export const labelRoutes: RouteTable = {
  "GET /repos/{owner}/{repo}/labels": (ctx) => {
    const repo = requireRepo(ctx);
    const labels = [...repo.labels.values()].sort((a, b) => a.id - b.id);
    return paginated(
      ctx,
      labels.map((l) => labelJson(ctx.world, repo, l)),
    );
  },
  "POST /repos/{owner}/{repo}/labels": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyObject(ctx);
    const { label, deliveries } = ctx.mutations.createLabel(repo, ctx.actor, {
      name: String(body.name),
      ...(typeof body.color === "string" ? { color: body.color } : {}),
      ...(typeof body.description === "string" ? { description: body.description } : {}),
    });
    ctx.emit(deliveries);
    return json(201, labelJson(ctx.world, repo, label));
  },
  "GET /repos/{owner}/{repo}/labels/{name}": (ctx) => {
    const repo = requireRepo(ctx);
    const label = findLabelByName(repo, str(ctx, "name"));
    if (!label) throw notFound();
    return json(200, labelJson(ctx.world, repo, label));
  },
  "PATCH /repos/{owner}/{repo}/labels/{name}": (ctx) => {
    const repo = requireRepo(ctx);
    const label = findLabelByName(repo, str(ctx, "name"));
    if (!label) throw notFound();
    const body = bodyObject(ctx);
    ctx.emit(
      ctx.mutations.updateLabel(repo, label, ctx.actor, {
        ...(typeof body.new_name === "string" ? { newName: body.new_name } : {}),
        ...(typeof body.color === "string" ? { color: body.color } : {}),
        ...(typeof body.description === "string" ? { description: body.description } : {}),
      }),
    );
    return json(200, labelJson(ctx.world, repo, label));
  },
};
