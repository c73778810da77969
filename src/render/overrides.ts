import { ConfigError } from "../config/parse.js";
import type { IncidentConfig, TemplateName } from "../config/schema.js";
import { checkTemplate, type TemplateError, type TemplateOverrides } from "./environment.js";

/**
 * Reads the templates a repository configured under `templates:` (one request each; none when it has
 * none) and checks their syntax, so a broken template is reported like a broken config and nothing is written.
 */
export async function loadTemplateOverrides(
  config: IncidentConfig,
  readFile: (path: string) => Promise<string | undefined>,
  repository: string,
): Promise<{ ok: true; templates: TemplateOverrides } | { ok: false; error: ConfigError }> {
  const templates: TemplateOverrides = {};
  for (const [name, path] of Object.entries(config.templates) as [TemplateName, string][]) {
    const source = await readFile(path);
    if (source === undefined) {
      return {
        ok: false,
        error: new ConfigError(`${repository}/.github/incident.yml`, [
          {
            path: `templates.${name}`,
            message: `${path} does not exist on the default branch`,
            fix: "commit the template or remove the entry",
          },
        ]),
      };
    }
    const problem = checkTemplate(name, source);
    if (problem) return { ok: false, error: templateConfigError(problem, repository, path) };
    templates[name] = source;
  }
  return { ok: true, templates };
}

/** A template that failed, as the same kind of error people already get for their config. */
export function templateConfigError(error: TemplateError, repository: string, path: string | undefined): ConfigError {
  return new ConfigError(`${repository}/${path ?? `templates/${error.template}.md.hbs`}`, [
    {
      path: `templates.${error.template}`,
      message: error.detail.replace(/\s+/g, " ").trim(),
      fix: error.fix ?? "fix the Handlebars syntax, or remove the entry to use the built-in template",
    },
  ]);
}
