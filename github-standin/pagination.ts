/** GitHub-style page/per_page pagination with a `Link` header Octokit's `paginate` can follow. */
import type { HandlerResult, RequestContext } from "./routes/context.js";

export function paginate<T>(
  ctx: RequestContext,
  items: T[],
  defaultPerPage = 30,
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(ctx.query.per_page ?? defaultPerPage) || defaultPerPage, 1), 100);
  const page = Math.max(Number(ctx.query.page ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string): string => {
    const u = new URL(ctx.url.toString());
    u.searchParams.set("per_page", String(perPage));
    u.searchParams.set("page", String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  return { page: slice, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}

export function paginated<T>(ctx: RequestContext, items: T[]): HandlerResult {
  const { page, headers } = paginate(ctx, items);
  return { status: 200, body: page, headers };
}
