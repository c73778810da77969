/** Shared set-up for the stand-in's own tests: a listening stand-in and an Octokit pointed at it. */
import { ProbotOctokit } from "probot";
import { GitHubStandIn, type StandInOptions } from "../../github-standin/index.js";

const TestOctokit: typeof ProbotOctokit = ProbotOctokit.defaults({
  retry: { enabled: false },
  throttle: { enabled: false },
});
export type TestOctokitInstance = InstanceType<typeof TestOctokit>;

async function startStandIn(
  options: StandInOptions = {},
): Promise<{ gh: GitHubStandIn; octokit: TestOctokitInstance; token: string }> {
  const gh = new GitHubStandIn({ validateResponses: true, ...options });
  gh.addRepo("acme/checkout", {
    files: { ".github/firebreak.yml": "severity: sev2\n" },
    collaborators: { alice: "admin", bob: "maintain", carol: "write", dave: "triage", erin: "read" },
  });
  const { baseUrl } = await gh.listen();
  const token = await installationToken(baseUrl);
  const octokit = new TestOctokit({ baseUrl, auth: { token } });
  return { gh, octokit, token };
}

/** Gets an installation token the way Probot does (JWT → access_tokens). */
async function installationToken(baseUrl: string): Promise<string> {
  const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjF9.c2ln";
  const res = await fetch(`${baseUrl}/app/installations/1/access_tokens`, {
    method: "POST",
    headers: { authorization: `bearer ${jwt}`, accept: "application/vnd.github+json" },
  });
  const body = (await res.json()) as { token: string };
  return body.token;
}

export async function expectStatus(promise: Promise<unknown>, status: number): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status?: number; response?: { data?: unknown } };
    expect(e.status).toBe(status);
    return (e.response?.data ?? {}) as Record<string, unknown>;
  }
  throw new Error(`expected HTTP ${status}, request succeeded`);
}

/** Starts a fresh stand-in before each test of the enclosing block and closes it after, checking it saw no violation. */
export function useStandIn(
  assign: (env: { gh: GitHubStandIn; octokit: TestOctokitInstance }) => void,
  options: { expectNoViolations?: boolean } = {},
): void {
  let current: GitHubStandIn | undefined;
  beforeAll(() => GitHubStandIn.preload());
  beforeEach(async () => {
    const env = await startStandIn();
    current = env.gh;
    assign(env);
  });
  afterEach(async () => {
    if (options.expectNoViolations !== false) expect(current?.violations).toEqual([]);
    await current?.close();
  });
}
