import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { TemplateName } from "../config/schema.js";

/**
 * The Handlebars environment. Templates are Markdown, so HTML escaping is off (`noEscape`); every piece of
 * user-supplied text is neutralised in the view model instead (mentions, references, hidden markers).
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
  ) {
    super(`template "${template}": ${detail}`);
  }
}

const handlebars = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();

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
  const key = source === undefined ? name : `${name}\n${source}`;
  try {
    let template = compiled.get(key);
    if (!template) {
      template = handlebars.compile(source ?? readFileSync(join(templatesDir(), `${name}.md.hbs`), "utf8"), { noEscape: true, strict: false });
      compiled.set(key, template);
    }
    return tidy(template(view));
  } catch (error) {
    if (source === undefined || name === "config-error") throw error;
    throw new TemplateError(name, error instanceof Error ? error.message : String(error));
  }
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
  return markdown.replace(/\n{3,}/g, "\n\n").trim() + "\n";
}
