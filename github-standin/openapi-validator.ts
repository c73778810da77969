/**
 * Validates requests (and, optionally, our own responses) against GitHub's official OpenAPI
 * description. Only `api.github.com.json` is loaded (13 MB, ~0.2 s) — the package index would load
 * every GHES edition. The file is read lazily once per process; route regexes and ajv validators are
 * compiled on first use and cached at module level, because test files create many stand-ins.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule, { type FormatsPlugin } from "ajv-formats";

// ajv-formats is CommonJS: depending on the loader the default import is the plugin or its module.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as unknown as FormatsPlugin;

type JsonObject = { [key: string]: unknown };

interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonObject;
  "x-multi-segment"?: boolean;
}

interface OpenApiOperation {
  operationId?: string;
  parameters?: Array<OpenApiParameter | { $ref: string }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonObject }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: JsonObject }> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: JsonObject & { parameters: Record<string, OpenApiParameter>; responses: Record<string, unknown> };
}

export interface Operation {
  /** The OpenAPI path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  route: string;
  method: string;
  operationId: string;
  parameters: OpenApiParameter[];
  raw: OpenApiOperation;
}

export type RouteMatch =
  | { kind: "matched"; operation: Operation; pathParams: Record<string, string> }
  | { kind: "method-not-allowed"; route: string }
  | { kind: "no-route" };

export interface ValidationProblem {
  /** Where: `path.issue_number`, `query.foo`, `body/labels/0`. */
  field: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; pathParams: Record<string, unknown>; query: Record<string, unknown> }
  | { ok: false; problems: ValidationProblem[] };

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const SPEC_ID = "gh";

interface CompiledRoute {
  template: string;
  regex: RegExp;
  paramNames: string[];
  /** Literal segments win over parameters (`/issues/comments` beats `/issues/{issue_number}`). */
  literalSegments: number;
  multiSegment: boolean;
  methods: Map<string, Operation>;
}

interface SpecIndex {
  doc: OpenApiDocument;
  routes: CompiledRoute[];
  paramsAjv: Ajv;
  bodyAjv: Ajv;
}

let index: SpecIndex | undefined;

function specPath(): string {
  const require = createRequire(import.meta.url);
  // Resolve the package directory without loading its index (which would load every edition).
  const pkgJson = require.resolve("@octokit/openapi/package.json");
  return pkgJson.replace(/package\.json$/, "generated/api.github.com.json");
}

function resolveParameter(doc: OpenApiDocument, p: OpenApiParameter | { $ref: string }): OpenApiParameter {
  if ("$ref" in p) {
    const name = p.$ref.replace("#/components/parameters/", "");
    const resolved = doc.components.parameters[name];
    if (!resolved) throw new Error(`OpenAPI: unresolved parameter ${p.$ref}`);
    return resolved;
  }
  return p;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compileRoute(doc: OpenApiDocument, template: string, item: Record<string, unknown>): CompiledRoute {
  const methods = new Map<string, Operation>();
  const multi = new Set<string>();
  for (const method of HTTP_METHODS) {
    const raw = item[method] as OpenApiOperation | undefined;
    if (!raw) continue;
    const parameters = (raw.parameters ?? []).map((p) => resolveParameter(doc, p));
    for (const p of parameters) if (p.in === "path" && p["x-multi-segment"]) multi.add(p.name);
    methods.set(method.toUpperCase(), {
      route: template,
      method: method.toUpperCase(),
      operationId: raw.operationId ?? `${method} ${template}`,
      parameters,
      raw,
    });
  }
  const paramNames: string[] = [];
  let literalSegments = 0;
  const parts = template
    .split("/")
    .slice(1)
    .map((segment) => {
      const m = /^\{([^}]+)\}$/.exec(segment);
      if (m?.[1]) {
        paramNames.push(m[1]);
        // Multi-segment parameters (file paths, git refs) may contain unencoded slashes.
        return multi.has(m[1]) ? "(.+?)" : "([^/]+)";
      }
      literalSegments++;
      // Templates like `/repos/{owner}/{repo}/compare/{basehead}` only have whole-segment params,
      // but a few mix literals and params inside one segment; treat `{x}` inside as a param.
      return escapeRegex(segment).replace(/\\\{([^}]+)\\\}/g, (_s, name: string) => {
        paramNames.push(name);
        return "([^/]+)";
      });
    });
  return {
    template,
    regex: new RegExp(`^/${parts.join("/")}$`),
    paramNames,
    literalSegments,
    multiSegment: multi.size > 0,
    methods,
  };
}

/**
 * Prepares an OpenAPI 3.0 schema for ajv: `#/components/...` refs become refs into the registered
 * spec (so operation-level schemas compile standalone), and `nullable` without a sibling `type`
 * (e.g. next to `allOf`), which ajv rejects, becomes `anyOf: [schema, {type: "null"}]`.
 */
function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase);
  if (value && typeof value === "object") {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `${SPEC_ID}${v}` : rebase(v);
    }
    // ajv checks `enum` even when `nullable` lets null through, so null must be listed too.
    if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (out.nullable === true && out.type === undefined) {
      const { nullable: _dropped, ...rest } = out;
      return { anyOf: [rest, { type: "null" }] };
    }
    return out;
  }
  return value;
}

function makeAjv(doc: OpenApiDocument, coerce: boolean): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    coerceTypes: coerce ? "array" : false,
    // The spec uses `discriminator` with mappings ajv cannot use; anyOf/oneOf still validate.
    discriminator: false,
  });
  addFormats(ajv);
  // GitHub's own format for `owner/name` (pull requests' `head_repo`).
  ajv.addFormat("repo.nwo", /^[\w.-]+\/[\w.-]+$/);
  // Only components: operation-level schemas are rebased onto `gh#/components/...`.
  ajv.addSchema({ components: rebase(doc.components) }, SPEC_ID);
  return ajv;
}

/** Loads and indexes the spec once per process. */
export function loadSpec(): SpecIndex {
  if (index) return index;
  const doc = JSON.parse(readFileSync(specPath(), "utf8")) as OpenApiDocument;
  const routes = Object.entries(doc.paths).map(([template, item]) => compileRoute(doc, template, item));
  index = { doc, routes, paramsAjv: makeAjv(doc, true), bodyAjv: makeAjv(doc, false) };
  return index;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Finds the operation GitHub would route `method pathname` to. `pathname` is still percent-encoded. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const { routes } = loadSpec();
  const candidates: Array<{ route: CompiledRoute; values: string[] }> = [];
  for (const route of routes) {
    const m = route.regex.exec(pathname);
    if (m) candidates.push({ route, values: m.slice(1) });
  }
  candidates.sort(
    (a, b) =>
      b.route.literalSegments - a.route.literalSegments || Number(a.route.multiSegment) - Number(b.route.multiSegment),
  );
  const [best] = candidates;
  if (!best) return { kind: "no-route" };
  const upper = method.toUpperCase();
  for (const { route, values } of candidates) {
    const operation = route.methods.get(upper);
    if (!operation) continue;
    const pathParams: Record<string, string> = {};
    route.paramNames.forEach((name, i) => {
      pathParams[name] = safeDecode(values[i] ?? "");
    });
    return { kind: "matched", operation, pathParams };
  }
  return { kind: "method-not-allowed", route: best.route.template };
}

const paramValidators = new Map<string, ValidateFunction>();
const bodyValidators = new Map<string, ValidateFunction | null>();
const responseValidators = new Map<string, ValidateFunction | null>();

function opKey(op: Operation): string {
  return `${op.method} ${op.route}`;
}

function paramsValidator(op: Operation): ValidateFunction {
  const key = opKey(op);
  const cached = paramValidators.get(key);
  if (cached) return cached;
  const section = (where: "path" | "query"): JsonObject => {
    const properties: JsonObject = {};
    const required: string[] = [];
    for (const p of op.parameters.filter((x) => x.in === where)) {
      properties[p.name] = rebase(p.schema ?? {});
      if (p.required || where === "path") required.push(p.name);
    }
    // Unknown query parameters are a client bug GitHub silently ignores; we flag them.
    return { type: "object", properties, required, additionalProperties: false };
  };
  const validate = loadSpec().paramsAjv.compile({
    type: "object",
    properties: { path: section("path"), query: section("query") },
  });
  paramValidators.set(key, validate);
  return validate;
}

function jsonSchemaOf(content: Record<string, { schema?: JsonObject }> | undefined): JsonObject | undefined {
  if (!content) return undefined;
  const json = content["application/json"] ?? Object.values(content)[0];
  return json?.schema;
}

function bodyValidator(op: Operation): ValidateFunction | null {
  const key = opKey(op);
  if (bodyValidators.has(key)) return bodyValidators.get(key) ?? null;
  const schema = jsonSchemaOf(op.raw.requestBody?.content);
  const validate = schema ? loadSpec().bodyAjv.compile(rebase(schema) as JsonObject) : null;
  bodyValidators.set(key, validate);
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined, prefix: string): ValidationProblem[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === "additionalProperties"
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === "enum"
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : "";
    return { field: `${prefix}${e.instancePath}`, message: `${e.message ?? e.keyword}${extra}` };
  });
}

/**
 * Validates path params, query and JSON body. Query values arrive as strings (or string arrays for
 * repeated keys) and are coerced to the schema's types, as GitHub does.
 */
export function validateRequest(
  op: Operation,
  pathParams: Record<string, string>,
  query: Record<string, string | string[]>,
  body: unknown,
  hasBody: boolean,
): ValidationResult {
  const problems: ValidationProblem[] = [];
  const data = { path: { ...pathParams } as Record<string, unknown>, query: { ...query } as Record<string, unknown> };
  const vParams = paramsValidator(op);
  if (!vParams(data)) problems.push(...describe(vParams.errors, "params"));

  const requestBody = op.raw.requestBody;
  if (hasBody) {
    const vBody = bodyValidator(op);
    if (!requestBody) {
      problems.push({ field: "body", message: `${op.method} ${op.route} does not accept a request body` });
    } else if (vBody && !vBody(body)) {
      problems.push(...describe(vBody.errors, "body"));
    }
  } else if (requestBody?.required) {
    problems.push({ field: "body", message: "request body is required" });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, pathParams: data.path, query: data.query };
}

/**
 * Checks a response we produced against the documented schema for that status. Used by the
 * stand-in's own tests (option `validateResponses`) to keep our representations honest.
 */
export function validateResponse(op: Operation, status: number, body: unknown): ValidationProblem[] {
  const key = `${opKey(op)} ${status}`;
  let validate = responseValidators.get(key);
  if (validate === undefined) {
    const { doc, bodyAjv } = loadSpec();
    let response = op.raw.responses?.[String(status)];
    if (response?.$ref) {
      response = doc.components.responses[response.$ref.replace("#/components/responses/", "")] as typeof response;
    }
    const schema = jsonSchemaOf(response?.content);
    validate = schema ? bodyAjv.compile(rebase(schema) as JsonObject) : null;
    responseValidators.set(key, validate);
  }
  if (!validate || validate(body)) return [];
  return describe(validate.errors, "response");
}
