/**
 * The HTTP front end: parse → route (OpenAPI) → authenticate → validate → inject faults → handle →
 * log. Schema and routing failures are recorded as violations (a request GitHub would reject must
 * fail the test); semantic 4xx answers are not, since the app may legitimately hit them.
 */
import { createHash, randomBytes } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { HttpError } from "./errors.js";
import { answerGraphql } from "./graphql.js";
import { defaultFaultBody, type FaultInjector } from "./faults.js";
import type { Actor, Mutations } from "./mutations.js";
import {
  matchRoute,
  type Operation,
  type ValidationProblem,
  validateRequest,
  validateResponse,
} from "./openapi-validator.js";
import type { Handler, HandlerResult, RequestContext } from "./routes/context.js";
import { routes } from "./routes/index.js";
import type { World } from "./state.js";
import type { Delivery, FaultSpec, RequestLogEntry, Violation } from "./types.js";

export interface ServerDeps {
  world: World;
  mutations: Mutations;
  faults: FaultInjector;
  requests: RequestLogEntry[];
  violations: Violation[];
  outbox: Delivery[];
  /** Also check our responses against the spec (used by the stand-in's own tests). */
  validateResponses: boolean;
  /** When false, unknown tokens act as the app's bot (handy for ad-hoc Octokit clients in tests). */
  strictTokens: boolean;
  /** Simulated round trip: every answer is sent this many milliseconds after the request was handled. */
  latencyMs: () => number;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  raw?: { contentType: string; text: string };
}

const DOCS = "https://docs.github.com/rest";
const RATE_LIMIT = 5000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseQuery(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** A request that passed GitHub's checks, with what its handler needs. */
interface Admitted {
  method: string;
  path: string;
  url: URL;
  body: unknown;
  operation: Operation;
  actor: Actor;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  handler: Handler;
}

/** An answer with the request's base headers, plus `extra`. */
type Reply = (status: number, body: unknown, extra?: Record<string, string>) => Answer;

type Auth = { kind: "none" } | { kind: "bad" } | { kind: "jwt" } | { kind: "actor"; actor: Actor };

export class StandInServer {
  #server: Server | undefined;
  #rateUsed = 0;

  constructor(private readonly deps: ServerDeps) {}

  async listen(): Promise<string> {
    if (this.#server) throw new Error("GitHubStandIn: already listening");
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.setHeader("content-type", "application/json; charset=utf-8");
        res.end(
          JSON.stringify({ message: `stand-in crashed: ${String(error instanceof Error ? error.stack : error)}` }),
        );
      });
    });
    // Octokit uses keep-alive; don't let idle sockets hold `close()` open.
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.#server = server;
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  }

  #authenticate(header: string | undefined): Auth {
    if (!header) return { kind: "none" };
    const [, scheme, credential] = /^(bearer|token)\s+(\S+)$/i.exec(header.trim()) ?? [];
    if (!scheme || !credential) return { kind: "bad" };
    // App JWTs are three base64url segments; the signature is not checked, only presence.
    if (scheme.toLowerCase() === "bearer" && credential.split(".").length === 3) return { kind: "jwt" };
    const { world } = this.deps;
    const known = world.tokens.get(credential);
    if (known) return { kind: "actor", actor: { login: known.login, viaApp: known.login === world.botLogin } };
    if (this.deps.strictTokens) return { kind: "bad" };
    return { kind: "actor", actor: { login: world.botLogin, viaApp: true } };
  }

  #baseHeaders(): Record<string, string> {
    const reset = Math.floor(this.deps.world.clock.nowMs() / 1000) + 3600;
    this.#rateUsed++;
    return {
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
      "x-github-request-id": randomBytes(8).toString("hex").toUpperCase(),
      "x-ratelimit-limit": String(RATE_LIMIT),
      "x-ratelimit-remaining": String(Math.max(RATE_LIMIT - this.#rateUsed, 0)),
      "x-ratelimit-reset": String(reset),
      "x-ratelimit-used": String(this.#rateUsed),
      "x-ratelimit-resource": "core",
    };
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedMs = performance.now();
    const method = (req.method ?? "GET").toUpperCase();
    const host = req.headers.host ?? "127.0.0.1";
    const url = new URL(req.url ?? "/", `http://${host}`);
    const path = url.pathname;
    const query = parseQuery(url);
    const text = await readBody(req);
    const entry: RequestLogEntry = {
      method,
      path,
      route: null,
      status: 0,
      actor: null,
      query,
      body: undefined,
      startedMs,
      endedMs: startedMs,
    };
    const answer = this.#process(req, method, url, query, text, entry);
    const { status, headers, payload } = conditional(req, method, encode(answer));
    entry.status = status;
    this.deps.requests.push(entry);
    const latencyMs = this.deps.latencyMs();
    if (latencyMs > 0) await sleep(latencyMs);
    res.writeHead(status, headers);
    res.end(payload);
    entry.endedMs = performance.now();
  }

  #violation(method: string, path: string, reason: string): void {
    this.deps.violations.push({ method, path, reason });
  }

  /** Admits the request (JSON, route, credentials, input), then runs its handler; every answer has the base headers. */
  #process(
    req: IncomingMessage,
    method: string,
    url: URL,
    query: Record<string, string | string[]>,
    text: string,
    entry: RequestLogEntry,
  ): Answer {
    const headers = this.#baseHeaders();
    const reply: Reply = (status, body, extra = {}) => ({ status, headers: { ...headers, ...extra }, body });
    if (method === "POST" && url.pathname === "/graphql") return this.#graphql(req, text, entry, reply);
    let admitted: Admitted;
    try {
      admitted = this.#admit(req, method, url, query, text, entry);
    } catch (e) {
      if (e instanceof HttpError) return reply(e.status, e.body, e.headers);
      throw e;
    }
    return this.#run(req, admitted, reply);
  }

  /** GraphQL: authenticated like REST, the document validated against GitHub's schema (an invalid one is a violation). */
  #graphql(req: IncomingMessage, text: string, entry: RequestLogEntry, reply: Reply): Answer {
    entry.route = "/graphql";
    let actor: Actor;
    let body: unknown;
    try {
      actor = this.#actor(req.headers.authorization);
      body = this.#parseJson("POST", "/graphql", text);
    } catch (e) {
      if (e instanceof HttpError) return reply(e.status, e.body, e.headers);
      throw e;
    }
    entry.actor = actor.login;
    entry.body = body;
    const fault = this.deps.faults.take("POST", "/graphql", "/graphql");
    if (fault && !fault.afterCommit)
      return reply(
        fault.status,
        (fault.body as Record<string, unknown>) ?? defaultFaultBody(fault.status),
        fault.headers ?? {},
      );
    const answer = answerGraphql(this.deps.world, this.deps.mutations, actor, body);
    if (answer.invalid) this.#violation("POST", "/graphql", `GraphQL: ${answer.invalid}`);
    this.deps.outbox.push(...answer.deliveries);
    if (fault)
      return reply(
        fault.status,
        (fault.body as Record<string, unknown>) ?? defaultFaultBody(fault.status),
        fault.headers ?? {},
      );
    return reply(answer.status, answer.body);
  }

  /** Everything GitHub checks before a handler runs; a refusal is thrown as an HttpError (and most are violations). */
  #admit(
    req: IncomingMessage,
    method: string,
    url: URL,
    query: Record<string, string | string[]>,
    text: string,
    entry: RequestLogEntry,
  ): Admitted {
    const path = this.#byName(url.pathname);
    const hasBody = text.trim() !== "";
    const body = hasBody ? this.#parseJson(method, path, text) : undefined;
    entry.body = body;
    const { operation, pathParams } = this.#route(method, path);
    entry.route = operation.route;
    const actor = this.#actor(req.headers.authorization);
    entry.actor = actor.login;
    const validation = validateRequest(operation, pathParams, query, body, hasBody);
    if (!validation.ok) throw this.#invalid(method, path, operation, validation.problems);
    const handler = routes[`${method} ${operation.route}`];
    if (!handler) {
      this.#violation(method, path, `${operation.operationId} is valid on GitHub but not implemented by the stand-in`);
      throw new HttpError(501, { message: `stand-in does not implement ${method} ${operation.route}` });
    }
    return {
      method,
      path,
      url,
      body,
      operation,
      actor,
      params: validation.pathParams,
      query: validation.query,
      handler,
    };
  }

  /** GitHub serves every repository route under `/repositories/{id}` too (where a transferred issue redirects). */
  #byName(path: string): string {
    const [, id, rest = ""] = /^\/repositories\/(\d+)(\/.*)?$/.exec(path) ?? [];
    const repo = id ? this.deps.world.repoById(Number(id)) : undefined;
    return repo ? `/repos/${repo.fullName}${rest}` : path;
  }

  #parseJson(method: string, path: string, text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      this.#violation(method, path, "request body is not valid JSON");
      throw new HttpError(400, { message: "Problems parsing JSON", documentation_url: DOCS, status: "400" });
    }
  }

  #route(method: string, path: string): { operation: Operation; pathParams: Record<string, string> } {
    const match = matchRoute(method, path);
    if (match.kind === "matched") return match;
    const reason =
      match.kind === "no-route"
        ? "no OpenAPI operation matches this path"
        : `${method} is not defined for ${match.route}`;
    this.#violation(method, path, reason);
    throw new HttpError(404, { message: "Not Found", documentation_url: DOCS, status: "404" });
  }

  #actor(authorization: string | undefined): Actor {
    const auth = this.#authenticate(authorization);
    if (auth.kind === "none") {
      throw new HttpError(401, { message: "Requires authentication", documentation_url: DOCS, status: "401" });
    }
    if (auth.kind === "bad") {
      throw new HttpError(401, { message: "Bad credentials", documentation_url: DOCS, status: "401" });
    }
    return auth.kind === "jwt" ? { login: "app", viaApp: true } : auth.actor;
  }

  #invalid(method: string, path: string, operation: Operation, problems: ValidationProblem[]): HttpError {
    const reason = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
    this.#violation(method, path, `${operation.operationId}: ${reason}`);
    return new HttpError(422, {
      message: "Validation Failed",
      errors: problems.map((p) => ({
        resource: operation.operationId,
        field: p.field,
        code: "invalid",
        message: p.message,
      })),
      documentation_url: DOCS,
      status: "422",
    });
  }

  /** Interleaved actions, then an injected fault (before or after the write), then the handler. */
  #run(req: IncomingMessage, request: Admitted, reply: Reply): Answer {
    const { method, path, operation } = request;
    this.deps.faults.runInterleaved(method, operation.route, path);
    const fault = this.deps.faults.take(method, operation.route, path);
    const faultAnswer = (spec: FaultSpec): Answer =>
      reply(
        spec.status,
        (spec.body as Record<string, unknown> | undefined) ?? defaultFaultBody(spec.status),
        spec.headers ?? {},
      );
    if (fault && !fault.afterCommit) return faultAnswer(fault);
    let result: HandlerResult;
    try {
      result = request.handler(this.#context(req, request));
    } catch (e) {
      if (e instanceof HttpError) return reply(e.status, e.body, e.headers);
      throw e;
    }
    if (fault) return faultAnswer(fault);
    this.#checkResponse(request, result);
    return { ...reply(result.status, result.body, result.headers ?? {}), ...(result.raw ? { raw: result.raw } : {}) };
  }

  #context(req: IncomingMessage, request: Admitted): RequestContext {
    return {
      world: this.deps.world,
      mutations: this.deps.mutations,
      actor: request.actor,
      params: request.params,
      query: request.query,
      body: request.body,
      headers: req.headers,
      url: request.url,
      emit: (deliveries) => this.deps.outbox.push(...deliveries),
    };
  }

  /** With `validateResponses`, a response that breaks the documented schema is a violation. */
  #checkResponse({ method, path, operation }: Admitted, result: HandlerResult): void {
    if (!this.deps.validateResponses || result.body === undefined || result.raw) return;
    const problems = validateResponse(operation, result.status, result.body);
    if (problems.length === 0) return;
    const described = problems
      .slice(0, 5)
      .map((p) => `${p.field}: ${p.message}`)
      .join("; ");
    this.#violation(method, path, `response ${result.status}: ${described}`);
  }
}

interface Encoded {
  status: number;
  headers: Record<string, string>;
  payload: string;
}

function encode(answer: Answer): Encoded {
  const headers: Record<string, string> = { ...answer.headers };
  let payload = "";
  if (answer.raw) {
    headers["content-type"] = answer.raw.contentType;
    payload = answer.raw.text;
  } else if (answer.body !== undefined && answer.status !== 204) {
    headers["content-type"] = "application/json; charset=utf-8";
    payload = JSON.stringify(answer.body);
  }
  return { status: answer.status, headers, payload };
}

/**
 * GitHub's conditional requests: every successful GET carries an `ETag` of its representation (the raw media type
 * is another representation, with another tag), and `If-None-Match` naming it (weak comparison, a list or `*`)
 * answers 304 with no body, which GitHub does not count against the rate limit.
 */
function conditional(req: IncomingMessage, method: string, encoded: Encoded): Encoded {
  if (method !== "GET" || encoded.status !== 200) return encoded;
  const tag = createHash("sha1").update(encoded.payload).digest("hex");
  const headers: Record<string, string> = { ...encoded.headers, etag: `W/"${tag}"` };
  const wanted = String(req.headers["if-none-match"] ?? "")
    .split(",")
    .map((candidate) => candidate.trim().replace(/^W\//, ""));
  if (wanted.includes("*") || wanted.includes(`"${tag}"`)) {
    delete headers["content-type"];
    return { status: 304, headers, payload: "" };
  }
  return { ...encoded, headers };
}
