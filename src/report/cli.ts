import { parseArgs } from "node:util";
import { ProbotOctokit } from "probot";
import { signingKeysFrom } from "../index.js";
import type { Octokit } from "../github/octokit/index.js";
import { loadRepositoryConfig } from "../pipeline/runner.js";
import { isMonth, monthlyReport } from "./monthly.js";

/**
 * `firebreak report --repo owner/name --month YYYY-MM [--format md|json]`: the monthly report's figures outside
 * GitHub, with a token from GITHUB_TOKEN and the app's FIREBREAK_SIGNING_KEY (the incidents' facts are signed;
 * without the key none can be trusted). GITHUB_API_URL points it at GitHub Enterprise Server.
 */

export const REPORT_USAGE = "usage: firebreak report --repo owner/name --month YYYY-MM [--format md|json]";

interface Output {
  out(line: string): void;
  err(line: string): void;
}

export async function reportCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Output,
  octokitFor: (token: string, baseUrl: string) => Octokit = (token, baseUrl) =>
    new ProbotOctokit({ auth: { token }, baseUrl }) as Octokit,
): Promise<number> {
  const parsed = readArgs(args);
  if ("error" in parsed) {
    io.err(`${parsed.error}\n${REPORT_USAGE}`);
    return 2;
  }
  const token = env.GITHUB_TOKEN?.trim();
  if (!token) {
    io.err("firebreak report needs a token in GITHUB_TOKEN (read access to the repository's issues).");
    return 2;
  }
  const keys = signingKeysFrom({}, env);
  const octokit = octokitFor(token, env.GITHUB_API_URL?.trim() || "https://api.github.com");
  const { owner, repo, month, format } = parsed;
  const loaded = await loadRepositoryConfig(octokit, owner, repo, { warn: (line: string) => io.err(line) } as never);
  const report = await monthlyReport(octokit, { owner, repo }, month, {
    config: loaded.config,
    keys,
    now: new Date().toISOString(),
  });
  io.out(format === "json" ? JSON.stringify(report.json, null, 2) : report.markdown);
  return 0;
}

function readArgs(
  args: readonly string[],
): { owner: string; repo: string; month: string; format: "md" | "json" } | { error: string } {
  let values: { repo?: string; month?: string; format?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { repo: { type: "string" }, month: { type: "string" }, format: { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const [owner, repo, extra] = (values.repo ?? "").split("/");
  if (!owner || !repo || extra !== undefined) return { error: "--repo must be owner/name" };
  if (!values.month || !isMonth(values.month)) return { error: "--month must be YYYY-MM, e.g. 2026-10" };
  const format = values.format ?? "md";
  if (format !== "md" && format !== "json") return { error: "--format must be md or json" };
  return { owner, repo, month: values.month, format };
}
