import type { KeyedLock } from "../handlers/issue-locks.js";
import { readEmbeddedRecords, renderRecord, type SigningKeys } from "../domain/markers.js";
import type { Octokit } from "../github/octokit/index.js";
import { createOnce } from "../github/octokit/errors.js";

/** The label of the monthly report issues. */
const REPORT_LABEL = {
  name: "incident:report",
  color: "c5def5",
  description: "The monthly incident report, kept up to date by Firebreak",
};
const REPORT_RECORD = "report";

export interface ReportIssue {
  number: number;
  url: string;
  /** Whether this run opened it, changed it, or found it as it should be. */
  outcome: "opened" | "updated" | "unchanged";
}

/**
 * The month's report issue, opened once and updated in place: found by the app's own signed record in its body
 * (never by its title), under a lock per repository and month, so repeated and concurrent runs leave one issue.
 * Its body is written only when the figures changed.
 */
export async function writeReportIssue(
  octokit: Octokit,
  where: { owner: string; repo: string },
  report: { month: string; title: string; body: string },
  app: { login: string; keys: SigningKeys; locks: KeyedLock },
): Promise<ReportIssue> {
  const scope = `${where.owner}/${where.repo}`;
  const record = renderRecord(REPORT_RECORD, { month: report.month }, scope, app.keys);
  const body = `${report.body.trimEnd()}\n\n${record}\n`;
  return app.locks.run(`${scope}#report:${report.month}`, async () => {
    const existing = await findReport(octokit, where, report.month, app);
    if (existing) {
      if (existing.body === body && existing.title === report.title)
        return { number: existing.number, url: existing.html_url, outcome: "unchanged" };
      await octokit.rest.issues.update({ ...where, issue_number: existing.number, title: report.title, body });
      return { number: existing.number, url: existing.html_url, outcome: "updated" };
    }
    await ensureLabel(octokit, where);
    const post = () =>
      octokit.rest.issues
        .create({ ...where, title: report.title, body, labels: [REPORT_LABEL.name], request: { retries: 0 } })
        .then(({ data }) => data);
    const created = await createOnce(post, () => findReport(octokit, where, report.month, app));
    return { number: created.number, url: created.html_url, outcome: "opened" };
  });
}

/** The app's report issue for a month, open or closed. */
export async function findReport(
  octokit: Octokit,
  where: { owner: string; repo: string },
  month: string,
  app: { login: string; keys: SigningKeys },
) {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...where,
    labels: REPORT_LABEL.name,
    creator: app.login,
    state: "all",
    per_page: 100,
  });
  const scope = `${where.owner}/${where.repo}`;
  return issues.find((issue) =>
    readEmbeddedRecords(issue.body ?? "", REPORT_RECORD, scope, app.keys).some((data) => data.month === month),
  );
}

async function ensureLabel(octokit: Octokit, where: { owner: string; repo: string }): Promise<void> {
  try {
    await octokit.rest.issues.createLabel({ ...where, ...REPORT_LABEL });
  } catch (error) {
    if ((error as { status?: number }).status !== 422) throw error; // 422: it exists already
  }
}
