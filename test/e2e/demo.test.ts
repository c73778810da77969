import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDemo } from "../../demo/demo.js";

/** `npm run demo` is part of `npm test`: a broken demo fails the build, with the demo's own list of what went wrong. */
describe("npm run demo", () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "firebreak-demo-"));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("takes a sev1 from declaration to resolution with every step answered and no request GitHub would reject", async () => {
    const lines: string[] = [];
    const result = await runDemo({ out, log: (line) => lines.push(line) });
    expect(result.problems).toEqual([]);
    expect(result.violations).toBe(0);
    expect(lines).toContain("OpenAPI violations: 0");
    expect(result.issue).toMatchObject({
      state: "closed",
      title: "[INC-2026-11-25-001] Checkout returns 500 for EU customers",
    });
    const [issueFile, requestsFile] = result.files;
    expect(readFileSync(issueFile!, "utf8")).toContain(
      "# [INC-2026-11-25-001] Checkout returns 500 for EU customers (#1)",
    );
    expect(readFileSync(requestsFile!, "utf8")).toContain(`${result.requests} requests in all`);
  });
});
