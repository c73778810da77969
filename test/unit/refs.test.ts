import { IncidentIdClaims, OctokitRefs } from "../../src/github/octokit/refs.js";
import type { Octokit } from "../../src/github/octokit/index.js";

/**
 * The id claim against a fake Git database: refs are created once; the listing may lag behind (as a replica
 * can), and another process may hold numbers this one has not seen.
 */

const PREFIX = "INC-2026-11-25";
const NAMESPACE = "refs/firebreak/incidents/";

function gitError(status: number, message: string): Error {
  return Object.assign(new Error(`${message} - https://docs.github.com/rest/git/refs#create-a-reference`), { status });
}

function fakeGit(options: { listingLags?: boolean; refuse?: () => Error | undefined } = {}) {
  const refs = new Set<string>();
  const calls = { createRef: 0, listMatchingRefs: 0 };
  const git = {
    getRef: async () => ({ data: { object: { sha: "a".repeat(40) } } }),
    listMatchingRefs: async ({ ref }: { ref: string }) => {
      calls.listMatchingRefs++;
      await Promise.resolve();
      const listed = options.listingLags ? [] : [...refs].filter((name) => name.startsWith(`refs/${ref}`));
      return { data: listed.map((name) => ({ ref: name })) };
    },
    createRef: async ({ ref }: { ref: string }) => {
      calls.createRef++;
      await Promise.resolve();
      const refused = options.refuse?.();
      if (refused) throw refused;
      if (refs.has(ref)) throw gitError(422, "Reference already exists");
      refs.add(ref);
      return { data: { ref } };
    },
  };
  const port = (claims: IncidentIdClaims) =>
    new OctokitRefs({ rest: { git } } as unknown as Octokit, "acme", "checkout", claims);
  return { refs, calls, port };
}

const id = (n: number) => `${PREFIX}-${String(n).padStart(3, "0")}`;

describe("claiming incident ids", () => {
  it("costs one createRef per claim and one listing per day when one process declares many at once", async () => {
    const github = fakeGit();
    const refs = github.port(new IncidentIdClaims());
    const ids = await Promise.all(Array.from({ length: 60 }, () => refs.claimIncidentId(PREFIX, "main")));
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => id(i + 1)));
    expect(github.calls).toEqual({ createRef: 60, listMatchingRefs: 1 });
    await expect(refs.claimIncidentId("INC-2026-11-26", "main")).resolves.toBe("INC-2026-11-26-001");
    expect(github.calls).toEqual({ createRef: 61, listMatchingRefs: 2 });
  });

  it("starts after another process's numbers, learnt from the listing when a number turns out taken", async () => {
    const github = fakeGit();
    const mine = new IncidentIdClaims();
    await github.port(mine).claimIncidentId(PREFIX, "main");
    for (let n = 2; n <= 30; n++) github.refs.add(`${NAMESPACE}${id(n)}`); // another process was busy
    await expect(github.port(mine).claimIncidentId(PREFIX, "main")).resolves.toBe(id(31));
    expect(github.calls).toEqual({ createRef: 3, listMatchingRefs: 2 });
  });

  it("keeps going while GitHub answers 422, however many numbers are taken and however stale the listing", async () => {
    const github = fakeGit({ listingLags: true });
    for (let n = 1; n <= 120; n++) github.refs.add(`${NAMESPACE}${id(n)}`);
    await expect(github.port(new IncidentIdClaims()).claimIncidentId(PREFIX, "main")).resolves.toBe(id(121));
    expect(github.calls.createRef).toBe(121);
  });

  it("stops at a 422 that is not a taken number, and at any other error; the next claim still runs", async () => {
    let answer: Error | undefined = gitError(422, "Object does not exist");
    const github = fakeGit({ refuse: () => answer });
    const refs = github.port(new IncidentIdClaims());
    await expect(refs.claimIncidentId(PREFIX, "main")).rejects.toThrow("Object does not exist");
    expect(github.calls.createRef).toBe(1);
    answer = gitError(502, "Bad Gateway");
    await expect(refs.claimIncidentId(PREFIX, "main")).rejects.toThrow("Bad Gateway");
    answer = undefined;
    await expect(refs.claimIncidentId(PREFIX, "main")).resolves.toBe(id(1));
  });

  it("ignores refs under the prefix that are not numbered ids", async () => {
    const github = fakeGit();
    github.refs.add(`${NAMESPACE}${PREFIX}-007`);
    github.refs.add(`${NAMESPACE}${PREFIX}-backup`);
    github.refs.add(`${NAMESPACE}${PREFIX}-9-old`);
    await expect(github.port(new IncidentIdClaims()).claimIncidentId(PREFIX, "main")).resolves.toBe(id(8));
  });
});
