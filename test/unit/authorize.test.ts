import { describe, expect, it } from "@jest/globals";
import { defaultConfig } from "../../src/config/defaults.js";
import { judge } from "../../src/domain/authorize.js";
import { parseComment } from "../../src/domain/commands.js";
import type { HumanInput } from "../../src/domain/inputs.js";
import type { PermissionLevel } from "../../src/domain/vocabulary.js";
import { TEST_VOCABULARY } from "../support/vocabulary.js";

/** A comment by carol, who holds `triage`, in a repository where triagers may declare but only writers may change. */
function judgeCarol(body: string) {
  const config = defaultConfig();
  config.permissions = { ...config.permissions, declare: "triage", command: "write" };
  const input: HumanInput = {
    key: "c1",
    at: "2026-11-25T14:00:00Z",
    seq: 1,
    actor: "carol",
    type: "comment",
    commentId: 1,
    lines: parseComment(body, TEST_VOCABULARY),
  };
  return judge(input, (): PermissionLevel => "triage", { config });
}

describe("the permission a comment needs comes from its commands' registry entries", () => {
  it("lets a triager declare where the config lets triagers declare", () => {
    expect(judgeCarol("/incident declare sev2 Checkout down")).toEqual({ ok: true });
  });

  it("refuses a triager's /sev 1, which needs the `command` permission", () => {
    expect(judgeCarol("/sev 1")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("changing an incident needs `write`"),
    });
  });
});
