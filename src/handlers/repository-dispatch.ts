import type { Context } from "probot";
import { z } from "zod";
import { INCIDENT_LABEL } from "../domain/labels.js";
import { readEmbeddedRecords, renderRecord } from "../domain/markers.js";
import { type NormalizedAlert, normalizeAlert } from "../domain/alert.js";
import type { IncidentConfig } from "../config/schema.js";
import { renderAlertIssue } from "../render/views.js";
import { octokitPorts } from "../github/octokit/index.js";
import { withSecondaryLimitRetry } from "../github/octokit/secondary-limits.js";
import { loadRepositoryConfig } from "../pipeline/runner.js";
import type { AppRuntime } from "./incident-run.js";
import { runForIssue } from "./incident-run.js";

/**
 * `repository_dispatch` with `event_type: incident`: an alert from monitoring opens an incident issue.
 * Like PagerDuty's dedup_key, one key maps to one open incident: a redelivered or repeated alert
 * does not open a second issue. Without a `dedup_key` the delivery id is the key.
 */
const alertPayloadSchema = z.object({
  title: z.string().trim().min(1).max(200),
  severity: z.string().optional(),
  type: z.string().optional(),
  summary: z.string().max(10_000).optional(),
  source: z.string().max(200).optional(),
  dedup_key: z.string().max(255).optional(),
});

export async function onRepositoryDispatch(
  context: Context<"repository_dispatch">,
  runtime: AppRuntime,
): Promise<void> {
  // A rate limit on the config read, the dedup lookup or the issue create is waited out, not a lost alert; the run
  // it starts shares this one hook (see secondary-limits.ts).
  const release = withSecondaryLimitRetry(context.octokit, runtime.secondaryLimits);
  try {
    await openIncidentForAlert(context, runtime);
  } finally {
    release();
  }
}

async function openIncidentForAlert(context: Context<"repository_dispatch">, runtime: AppRuntime): Promise<void> {
  const { payload } = context;
  if (payload.action !== "incident") return;
  const { owner, repo } = context.repo();
  const parsed = alertPayloadSchema.safeParse(payload.client_payload ?? {});
  if (!parsed.success) {
    context.log.warn(`[${owner}/${repo}] repository_dispatch "incident" ignored: ${z.prettifyError(parsed.error)}`);
    return;
  }
  const alert = parsed.data;
  const dedupKey = alert.dedup_key ?? `delivery:${context.id}`;
  const loaded = await loadRepositoryConfig(context.octokit, owner, repo, context.log, runtime.configCache);
  // A broken config or template does not hold the alert back: it opens its incident with the last valid
  // configuration (or the defaults), and the incident's run says what is wrong.
  const config = loaded.config;
  const normalized = normalizeAlert(alert, dedupKey, config);
  // A security alert opens its incident in the security repository: nothing of it is ever written here.
  const where = alertRepository(normalized, config) ?? { owner, repo };
  const { issues } = octokitPorts(context.octokit, where.owner, where.repo);
  const appLogin = await runtime.appLogin();
  const issueNumber = await runtime.locks.run(`${where.owner}/${where.repo}#alert:${dedupKey}`, async () => {
    const open = await issues.listOpenIssuesByApp(INCIDENT_LABEL, appLogin);
    const scope = `${where.owner}/${where.repo}`;
    const existing = open.find((issue) =>
      readEmbeddedRecords(issue.body, "alert", scope, runtime.keys).some((record) => record.dedupKey === dedupKey),
    );
    if (existing) {
      context.log.info(`[${scope}#${existing.number}] alert ${dedupKey} already has an open incident`);
      return existing.number;
    }
    const { title, body } = renderAlertIssue(alert, normalized);
    const record = renderRecord("alert", { ...normalized.record }, scope, runtime.keys);
    return issues.createIssue({ title, body: `${body}\n\n${record}\n`, labels: [INCIDENT_LABEL] });
  });
  await runForIssue(context, runtime, issueNumber, {}, new Date().toISOString(), where);
}

/** `security.repository` for an alert of a sensitive type, when it is another repository. */
function alertRepository(alert: NormalizedAlert, config: IncidentConfig): { owner: string; repo: string } | undefined {
  const target = config.security.repository;
  if (!alert.type || !config.types[alert.type]?.sensitive || !target) return undefined;
  const [owner = "", repo = ""] = target.split("/");
  return { owner, repo };
}
