import { ConfigError, type ConfigIssue } from "../config/parse.js";
import type { IncidentConfig, TemplateName } from "../config/schema.js";
import { checkTemplate, type TemplateError, type TemplateOverrides } from "./environment.js";

/**
 * Reads the templates a repository configured under `templates:` (one request each; none when it has
 * none) and checks their syntax. A template that is missing or broken is left out, so the built-in template of
 * that name is used, and reported like a broken config (`error`); the others are still used.
 */
export async function loadTemplateOverrides(
  config: IncidentConfig,
  readFile: (path: string) => Promise<string | undefined>,
  repository: string,
  /** Where the files were read, for "does not exist …". */
  where = "on the default branch",
): Promise<{ templates: TemplateOverrides; error?: ConfigError }> {
  const templates: TemplateOverrides = {};
  const issues: ConfigIssue[] = [];
  for (const [name, path] of Object.entries(config.templates) as [TemplateName, string][]) {
    const source = await readFile(path);
    if (source === undefined) {
      issues.push({
        path: `templates.${name}`,
        message: `${path} does not exist ${where}`,
        fix: "commit the template or remove the entry",
      });
      continue;
    }
    const problem = checkTemplate(name, source);
    if (problem) issues.push(templateIssue(problem));
    else templates[name] = source;
  }
  if (!issues.length) return { templates };
  const sources = [...new Set(issues.map((issue) => templateSource(issue, config)))];
  const source = sources.length === 1 ? `${repository}/${sources[0]}` : `${repository}/.github/incident.yml`;
  return { templates, error: new ConfigError(source, issues) };
}

function templateSource(issue: ConfigIssue, config: IncidentConfig): string {
  const name = issue.path.slice("templates.".length) as TemplateName;
  return issue.message.includes(" does not exist ")
    ? ".github/incident.yml"
    : (config.templates[name] ?? `templates/${name}.md.hbs`);
}

function templateIssue(error: TemplateError): ConfigIssue {
  return {
    path: `templates.${error.template}`,
    message: error.detail.replace(/\s+/g, " ").trim(),
    fix: error.fix ?? "fix the Handlebars syntax, or remove the entry to use the built-in template",
  };
}

/** A template that failed, as the same kind of error people already get for their config. */
export function templateConfigError(error: TemplateError, repository: string, path: string | undefined): ConfigError {
  return new ConfigError(`${repository}/${path ?? `templates/${error.template}.md.hbs`}`, [templateIssue(error)]);
}
