import {
  affectedServices,
  type Change,
  changeEvent,
  codeownersServices,
  directPushes,
  globMatcher,
  rankSuspects,
  type RankContext,
  suspectsFromRecord,
} from "../../src/domain/suspects.js";

const ctx: RankContext = {
  reference: "2026-11-25T14:00:00Z",
  referenceName: "detection",
  windowMs: 24 * 3_600_000,
  services: [{ name: "checkout", paths: ["services/checkout/**"] }],
  highlightPaths: [".github/workflows/**"],
  productionEnvironments: ["production"],
};

const pull = (number: number, at: string, files: string[], extra: Partial<Change> = {}): Change => ({
  kind: "pull",
  number,
  title: `PR ${number}`,
  author: "bob",
  at,
  url: `https://github.com/acme/checkout/pull/${number}`,
  files,
  ...extra,
});

const deployment = (number: number, at: string, environment: string, files?: string[]): Change => ({
  kind: "deployment",
  number,
  title: "deploy",
  at,
  url: "https://ci.example/1",
  environment,
  state: "success",
  ...(files ? { files } : {}),
});

describe("ranking suspect changes", () => {
  it("puts a change to the affected service above a newer one elsewhere, and says which path it touches", () => {
    const ranked = rankSuspects(
      [pull(1, "2026-11-25T13:50:00Z", ["docs/a.md"]), pull(2, "2026-11-25T09:00:00Z", ["services/checkout/db.ts"])],
      ctx,
    );
    expect(ranked.map((s) => s.number)).toEqual([2, 1]);
    expect(ranked[0]?.reasons).toEqual(["touches `services/checkout/**` (checkout)"]);
    expect(ranked[0]?.matched).toEqual(["services/checkout/db.ts"]);
    expect(ranked[1]?.reasons).toEqual([]);
  });

  it("ranks the latest production deployment before detection high, with how long before, and later ones not", () => {
    const ranked = rankSuspects(
      [
        deployment(10, "2026-11-25T11:00:00Z", "production"),
        deployment(11, "2026-11-25T13:48:00Z", "Production"),
        deployment(12, "2026-11-25T13:55:00Z", "staging"),
        deployment(13, "2026-11-25T14:05:00Z", "production"),
        pull(3, "2026-11-25T13:59:00Z", ["lib/x.ts"]),
      ],
      { ...ctx, productionEnvironments: ["PRODUCTION"] },
    );
    expect(ranked[0]?.number).toBe(11);
    expect(ranked[0]?.reasons).toEqual(["the latest deployment to Production 12 min before detection"]);
    expect(ranked.find((s) => s.number === 10)?.reasons).toEqual(["deployed to production 3 h before detection"]);
    expect(ranked.find((s) => s.number === 13)?.reasons).toEqual(["deployed to production after detection"]);
  });

  it("ranks a change to a file the runbook names high", () => {
    const ranked = rankSuspects(
      [
        pull(4, "2026-11-25T13:59:00Z", ["lib/x.ts"]),
        pull(5, "2026-11-25T08:00:00Z", [".github/workflows/deploy.yml"]),
      ],
      ctx,
    );
    expect(ranked[0]?.number).toBe(5);
    expect(ranked[0]?.reasons).toEqual(["changes `.github/workflows/deploy.yml`, a file the runbook names"]);
  });

  it("orders equally likely changes newest first, and a change with no files by time alone", () => {
    const ranked = rankSuspects([pull(6, "2026-11-25T10:00:00Z", []), pull(7, "2026-11-25T12:00:00Z", [])], ctx);
    expect(ranked.map((s) => s.number)).toEqual([7, 6]);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it("keeps a file name with a backtick inside its code span", () => {
    const [ranked] = rankSuspects([pull(8, "2026-11-25T13:00:00Z", [".github/workflows/a`b.yml"])], ctx);
    expect(ranked?.reasons[0]).toBe("changes `.github/workflows/aˋb.yml`, a file the runbook names");
  });
});

describe("path globs", () => {
  it.each([
    ["services/checkout/**", "services/checkout/a/b.ts", true],
    ["notes/v?.txt", "notes/v1.txt", true],
    ["services/checkout/**", "services/checkouts/a.ts", false],
    ["/services/checkout/", "services/checkout/a.ts", true],
    ["*.tf", "infra/main.tf", true],
    ["**/Dockerfile", "Dockerfile", true],
    ["docs/*.md", "docs/a/b.md", false],
    ["a+b(c).yml", "a+b(c).yml", true],
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(globMatcher(pattern).test(path)).toBe(expected);
  });
});

describe("which services an incident affects", () => {
  const services = {
    checkout: { paths: ["services/checkout/**"], labels: ["service:checkout"] },
    search: { paths: ["services/search/**"], labels: [] },
    billing: { paths: ["billing/**"], labels: [] },
  };

  it("is read from its labels (ignoring case), its type and the words of its title", () => {
    const names = (incident: Parameters<typeof affectedServices>[1]) =>
      affectedServices(services, incident).map((s) => s.name);
    expect(names({ labels: ["Service:Checkout"], title: "Payments down" })).toEqual(["checkout"]);
    expect(names({ labels: [], type: "billing", title: "Invoices late" })).toEqual(["billing"]);
    expect(names({ labels: [], title: "Search returns nothing" })).toEqual(["search"]);
    expect(names({ labels: [], title: "Researching" })).toEqual([]);
  });

  it("comes from CODEOWNERS sections named for it", () => {
    const codeowners = [
      "# Checkout",
      "/services/checkout/ @acme/checkout",
      "*.sql @acme/dba",
      "",
      "# Service: search",
      "services/search/** @acme/search",
      "# not a section: two words",
      "docs/ @acme/docs",
    ].join("\n");
    expect(codeownersServices(codeowners, new Set(["checkout", "search"]))).toEqual([
      { name: "checkout", paths: ["/services/checkout/", "*.sql"] },
      { name: "search", paths: ["services/search/**", "docs/"] },
    ]);
  });
});

describe("direct pushes", () => {
  it("are the default branch's first-parent commits that no merged pull request made, its first commit not one", () => {
    const commits = [
      { sha: "m2", parents: ["p1", "h2"] },
      { sha: "h2", parents: ["p1"] },
      { sha: "p1", parents: ["s1"] },
      { sha: "s1", parents: ["p0"] },
      { sha: "p0", parents: [] },
    ];
    expect(directPushes(commits, new Set(["s1"])).map((c) => c.sha)).toEqual(["p1"]);
  });
});

describe("the suspects' record", () => {
  it("reads back what it wrote, and drops what it cannot trust", () => {
    const [suspect] = rankSuspects([deployment(9, "2026-11-25T13:00:00Z", "production", ["a"])], ctx);
    expect(suspectsFromRecord(JSON.parse(JSON.stringify([suspect, { kind: "rumour" }, null])))).toEqual([suspect]);
    expect(changeEvent(suspect!)).toBe("Deployment to production succeeded");
  });
});
