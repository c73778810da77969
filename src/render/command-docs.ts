import { COMMAND_SPECS, INCIDENT_WORD, type CommandSpec } from "../domain/command-registry.js";
import type { CommandVocabulary } from "../domain/commands.types.js";
import { escapeTableCell } from "../domain/mentions.js";
import { PHASES } from "../domain/vocabulary.js";

/** The commands' documentation, generated from the registry: the `/help` reply and the README's table. */

const code = (text: string): string => `\`${text}\``;
const cell = (text: string): string => escapeTableCell(text);

function commandCell(spec: CommandSpec): string {
  const aliases = spec.words.slice(1).map((w) => code(`/${w}`));
  return cell(code(spec.usage) + (aliases.length > 0 ? ` (also ${aliases.join(", ")})` : ""));
}

function whoMayRun(spec: CommandSpec): string {
  return spec.permission === "anyone" ? "anyone" : `the configured ${code(spec.permission)} permission`;
}

/** The `/help` reply: one row per command, then the configured words the arguments accept. */
export function renderHelpMarkdown(vocab: CommandVocabulary): string {
  const rows = COMMAND_SPECS.map(
    (spec) => `| ${commandCell(spec)} | ${cell(spec.summary)} | ${cell(code(spec.examples[0] ?? spec.usage))} |`,
  );
  const severities = vocab.severities.map((s) => `${code(s.key)} ${s.name}`).join(", ");
  const types = vocab.types.length > 0 ? vocab.types.map(code).join(", ") : "none configured";
  return [
    "| Command | What it does | Example |",
    "| --- | --- | --- |",
    ...rows,
    "",
    `Severities: ${severities}. Statuses: ${PHASES.map(code).join(", ")}. Types: ${types}.`,
    "",
    `Every command can also follow ${code(`/${INCIDENT_WORD}`)}, e.g. ${code("/incident sev 1")}. ` +
      "Commands must start a line; quoted and code text is ignored.",
  ].join("\n");
}

/** The README's command table: the same rows, plus who may run each command. */
export function renderCommandTableMarkdown(): string {
  const rows = COMMAND_SPECS.map((spec) => {
    const examples = spec.examples.map(code).join("<br>");
    return `| ${commandCell(spec)} | ${cell(spec.summary)} | ${cell(examples)} | ${whoMayRun(spec)} |`;
  });
  return ["| Command | What it does | Examples | Who can run it |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

const TABLE_START = "<!-- commands:start -->";
const TABLE_END = "<!-- commands:end -->";

/** The README with its command table replaced by the one generated from the registry. */
export function withCommandTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error("README.md lacks the commands:start/end markers");
  return `${readme.slice(0, start + TABLE_START.length)}\n${renderCommandTableMarkdown()}\n${readme.slice(end)}`;
}
