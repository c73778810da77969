import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";

/**
 * The Handlebars environment. Templates are Markdown, so HTML escaping is off (`noEscape`); every piece of
 * user-supplied text is neutralised in the view model instead (mentions, references, hidden markers).
 */

export type TemplateName = "dashboard" | "status-update" | "declared" | "reply" | "undone" | "config-error";

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

/** Renders a built-in template, or a repository's override given as source text. */
export function render(name: TemplateName, view: object, overrideSource?: string): string {
  const key = overrideSource === undefined ? name : `${name}\n${overrideSource}`;
  let template = compiled.get(key);
  if (!template) {
    const source = overrideSource ?? readFileSync(join(templatesDir(), `${name}.md.hbs`), "utf8");
    template = handlebars.compile(source, { noEscape: true, strict: false });
    compiled.set(key, template);
  }
  return tidy(template(view));
}

/** Collapses the blank lines that conditional sections leave behind. */
function tidy(markdown: string): string {
  return markdown.replace(/\n{3,}/g, "\n\n").trim() + "\n";
}
