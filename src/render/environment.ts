import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { TemplateName } from "../config/schema.js";
import { defuseHtmlComments } from "../domain/mentions.js";

/**
 * The Handlebars environment. Templates are Markdown, so HTML escaping is off (`noEscape`); every piece of
 * user-supplied text is neutralised in the view model instead (mentions, references, hidden markers).
 * Whatever a template does, its output never holds `<!--` or `-->`: the app's hidden records are appended
 * after rendering, never written through a template, so no template (or text it echoes) can forge one.
 */

/** The config-error message is always Firebreak's own: a broken config cannot say which templates to use. */
type BuiltInTemplate = TemplateName | "config-error";

/** A repository's own template sources, by name. */
export type TemplateOverrides = Partial<Record<TemplateName, string>>;

/** A template that does not compile or render; names it so the repository can fix it. */
export class TemplateError extends Error {
  override readonly name = "TemplateError";
  constructor(
    readonly template: TemplateName,
    readonly detail: string,
    /** How to fix it, when it is not a syntax error. */
    readonly fix?: string,
  ) {
    super(`template "${template}": ${detail}`);
  }
}

/**
 * A repository's template may loop over the timeline inside a loop over the timeline (and so on): output and
 * work grow exponentially with nesting, and one Node process serves every repository. So rendering one is
 * bounded: block iterations and the characters their bodies produce, counted across the whole render, and
 * the length of the result (GitHub takes at most 65,536 characters in a body, so a longer one can never be
 * written). Built-in templates are Firebreak's own, linear in the view, and not budgeted.
 */
export const RENDER_LIMITS = { iterations: 20_000, blockOutputChars: 200_000, resultChars: 100_000 } as const;
const TOO_MUCH_FIX =
  "render less: do not loop over a list inside a loop over it, or remove the entry to use the built-in template";

class RenderBudgetExceeded extends Error {
  override readonly name = "RenderBudgetExceeded";
}

class RenderBudget {
  private iterations = 0;
  private blockOutputChars = 0;

  iterate(): void {
    if (++this.iterations > RENDER_LIMITS.iterations)
      throw new RenderBudgetExceeded(`renders more than ${RENDER_LIMITS.iterations} loop iterations`);
  }

  produced(chars: number): void {
    this.blockOutputChars += chars;
    if (this.blockOutputChars > RENDER_LIMITS.blockOutputChars)
      throw new RenderBudgetExceeded(`loops produce more than ${RENDER_LIMITS.blockOutputChars} characters`);
  }
}

const handlebars = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();
/** The budget of the repository template being rendered; rendering is synchronous, so one at a time. */
let activeBudget: RenderBudget | undefined;

// `{{#list}}` over an array goes through `blockHelperMissing`, which calls `helpers.each` too: both are counted.
const builtInEach = handlebars.helpers.each as Handlebars.HelperDelegate;
handlebars.registerHelper("each", function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
  const budget = activeBudget;
  if (!budget || !options?.fn) return builtInEach.call(this, context, options);
  const body = options.fn;
  const counted = (value: unknown, frame?: Handlebars.RuntimeOptions): string => {
    budget.iterate();
    const out = body(value, frame);
    budget.produced(out.length);
    return out;
  };
  return builtInEach.call(this, context, { ...options, fn: counted });
});

/**
 * Where a view keeps the function that marks an app-owned block (`{{#generated "name"}}…{{/generated}}`): a
 * symbol, so no template can read or replace it. A view without one renders the blocks' content alone.
 */
export const BLOCK_MARKER = Symbol("block marker");
export type BlockMarker = (name: unknown, content: string) => string;

handlebars.registerHelper("generated", function (this: unknown, name: unknown, options: Handlebars.HelperOptions) {
  const content = options.fn(this);
  const root: unknown = options.data?.root;
  const mark = root && typeof root === "object" ? (root as { [BLOCK_MARKER]?: BlockMarker })[BLOCK_MARKER] : undefined;
  return mark ? mark(name, content) : content;
});

export function templatesDir(): string {
  // Works from src/ under tsx and jest and from dist/src/ after a build: walk up to the folder holding templates/.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "templates", "dashboard.md.hbs"))) return join(dir, "templates");
    dir = dirname(dir);
  }
  throw new Error("Firebreak's templates/ folder was not found next to the package");
}

/** Renders a repository's override of a template when it has one, else the built-in template. */
export function render(name: BuiltInTemplate, view: object, overrides: TemplateOverrides = {}): string {
  const source = name === "config-error" ? undefined : overrides[name];
  if (source === undefined || name === "config-error") return defuseHtmlComments(tidy(compile(name, source)(view)));
  const outer = activeBudget;
  activeBudget = new RenderBudget();
  try {
    const output = compile(name, source)(view);
    if (output.length > RENDER_LIMITS.resultChars)
      throw new RenderBudgetExceeded(`renders ${output.length} characters, more than ${RENDER_LIMITS.resultChars}`);
    return defuseHtmlComments(tidy(output));
  } catch (error) {
    if (error instanceof RenderBudgetExceeded) throw new TemplateError(name, error.message, TOO_MUCH_FIX);
    throw new TemplateError(name, error instanceof Error ? error.message : String(error));
  } finally {
    activeBudget = outer;
  }
}

function compile(name: BuiltInTemplate, source: string | undefined): Handlebars.TemplateDelegate {
  const key = source === undefined ? name : `${name}\n${source}`;
  let template = compiled.get(key);
  if (!template) {
    template = handlebars.compile(source ?? readFileSync(join(templatesDir(), `${name}.md.hbs`), "utf8"), {
      noEscape: true,
      strict: false,
    });
    compiled.set(key, template);
  }
  return template;
}

/** Parses a template without running it: syntax errors surface when the repository's file is read. */
export function checkTemplate(name: TemplateName, source: string): TemplateError | undefined {
  try {
    handlebars.parse(source);
    return undefined;
  } catch (error) {
    return new TemplateError(name, error instanceof Error ? error.message : String(error));
  }
}

/** Collapses the blank lines that conditional sections leave behind. */
function tidy(markdown: string): string {
  return `${markdown.replace(/\n{3,}/g, "\n\n").trim()}\n`;
}
