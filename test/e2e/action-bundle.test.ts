import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ACTION_BUNDLE, buildAction } from "../../scripts/build-action.js";

/**
 * CI checks the committed bundle is current: action.yml runs dist-action/index.mjs as committed, so a change to
 * the sources (or to a bundled dependency) without `npm run build:action` would ship the old code.
 */

const committed = fileURLToPath(new URL(`../../${ACTION_BUNDLE}`, import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "firebreak-bundle-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("the committed dist-action/index.mjs is what npm run build:action builds now", async () => {
  const rebuilt = join(dir, "index.mjs");
  await buildAction(rebuilt);
  const fresh = readFileSync(rebuilt, "utf8");
  // Built elsewhere, it must not say where: no absolute paths, so every checkout builds the same bytes.
  expect(fresh).not.toContain(dir);
  expect(fresh).not.toContain(fileURLToPath(new URL("../..", import.meta.url)));
  const current = fresh === readFileSync(committed, "utf8");
  if (!current) throw new Error(`${ACTION_BUNDLE} is out of date: run npm run build:action and commit it`);
}, 60_000);
