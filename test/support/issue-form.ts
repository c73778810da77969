/** The body GitHub renders when someone submits `.github/ISSUE_TEMPLATE/incident.yml`. */
export function incidentFormBody(answers: {
  severity?: string;
  type?: string;
  summary?: string;
  impact?: string;
  detectedAt?: string;
}): string {
  const section = (label: string, answer: string | undefined) => `### ${label}\n\n${answer ?? "_No response_"}`;
  return [
    section("Severity", answers.severity),
    section("Incident type", answers.type),
    section("Summary", answers.summary),
    section("Impact", answers.impact),
    section("Detected at", answers.detectedAt),
  ].join("\n\n");
}
