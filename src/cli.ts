#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CONFIG_PATH, FORM_PATH, validateConfig } from "./config/validate.js";
import { REPORT_USAGE, reportCommand } from "./report/cli.js";

/**
 * `firebreak validate [path]`: checks `.github/incident.yml` (or the file given), the templates it names and the
 * incident issue form beside it (its options must be ones the configuration knows), with the messages the app
 * would show on GitHub; exits 1 when Firebreak could not use them. For local use and for CI.
 */

const USAGE = "usage: firebreak validate [path]   (default: .github/incident.yml)";

/** Only this process's environment can be checked: the app's own may differ. */
const SHELL_ENVIRONMENT =
  "in the environment `firebreak validate` ran in (it can check only its own: set it where Firebreak runs)";

interface Output {
  out(line: string): void;
  err(line: string): void;
}

const console_: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Runs the command line; returns the exit code. */
export async function main(args: readonly string[], cwd = process.cwd(), io: Output = console_): Promise<number> {
  const [command, file, ...rest] = args;
  if (command === "report") return reportCommand(args.slice(1), process.env, io);
  if (command !== "validate" || rest.length > 0) {
    io.err(`${USAGE}\n${REPORT_USAGE}`);
    return 2;
  }
  return validate(file ?? CONFIG_PATH, cwd, io);
}

/** Validates one config file; template paths in it are read from the repository root it sits in. */
export async function validate(file: string, cwd: string, io: Output): Promise<number> {
  const absolute = path.resolve(cwd, file);
  const dir = path.dirname(absolute);
  const root = path.basename(dir) === ".github" ? path.dirname(dir) : cwd;
  const shown = path.relative(cwd, absolute) || absolute;
  const read = async (repoPath: string) => {
    const target = repoPath === CONFIG_PATH ? absolute : path.resolve(root, repoPath);
    try {
      return await readFile(target, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  };
  const result = await validateConfig(read, {
    source: shown,
    repository: ".",
    where: "in this working copy",
    env: { variables: process.env, named: SHELL_ENVIRONMENT },
  });
  if (!result.ok) {
    io.err(result.error.message);
    return 1;
  }
  if (result.absent) {
    io.err(`${shown}: no such file`);
    return 1;
  }
  for (const warning of result.warnings) io.out(`⚠ ${shown}: ${warning}`);
  for (const problem of result.formProblems) io.err(`✖ ${FORM_PATH}: ${problem}`);
  if (result.formProblems.length) return 1;
  const templates = result.templates.length ? ` (and ${result.templates.join(", ")})` : "";
  io.out(`✔ ${shown}${templates}: Firebreak can use it`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
