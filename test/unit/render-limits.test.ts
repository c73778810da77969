import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { render, RENDER_LIMITS, TemplateError, templatesDir } from "../../src/render/environment.js";

/** What `render` throws for a repository's dashboard template, or undefined when it renders. */
function failureOf(source: string, view: object): TemplateError | undefined {
  try {
    render("dashboard", view, { dashboard: source });
    return undefined;
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
}

const timelineOf = (length: number) => ({
  timeline: Array.from({ length }, (_, i) => ({ at: `12:${String(i % 60).padStart(2, "0")}`, text: `entry ${i}` })),
});

describe("a repository's template does bounded work", () => {
  it.each([
    ["#each", "{{#each timeline}}{{#each ../timeline}}{{#each ../../timeline}}{{text}}{{/each}}{{/each}}{{/each}}"],
    [
      "a bare list block (blockHelperMissing)",
      "{{#timeline}}{{#../timeline}}{{#../../timeline}}{{text}}{{/../../timeline}}{{/../timeline}}{{/timeline}}",
    ],
    [
      "#each with an empty body",
      "{{#each timeline}}{{#each ../timeline}}{{#each ../../timeline}}{{/each}}{{/each}}{{/each}}",
    ],
  ])("stops triple-nested loops written with %s and names the template", (_how, source) => {
    const error = failureOf(source, timelineOf(150));
    expect(error).toBeInstanceOf(TemplateError);
    expect(error?.template).toBe("dashboard");
    expect(error?.detail).toMatch(/renders more than 20000 loop iterations|loops produce more than 200000 characters/);
    expect(error?.fix).toMatch(/^render less/);
  });

  it("counts iterations across the whole render, not per loop", () => {
    const loops = "{{#each timeline}}.{{/each}}".repeat(Math.ceil(RENDER_LIMITS.iterations / 1_000) + 1);
    expect(failureOf(loops, timelineOf(1_000))?.detail).toBe(
      `renders more than ${RENDER_LIMITS.iterations} loop iterations`,
    );
  });

  it("stops loops whose bodies produce too much text", () => {
    const view = { ...timelineOf(20), summary: "x".repeat(15_000) };
    expect(failureOf("{{#each timeline}}{{../summary}}{{/each}}", view)?.detail).toBe(
      `loops produce more than ${RENDER_LIMITS.blockOutputChars} characters`,
    );
  });

  it("rejects a result longer than the bound even without loops", () => {
    const view = { summary: "x".repeat(30_000) };
    expect(failureOf("{{summary}}{{summary}}{{summary}}{{summary}}", view)?.detail).toBe(
      `renders 120000 characters, more than ${RENDER_LIMITS.resultChars}`,
    );
  });

  it("gives every render its own budget, and renders ordinary loops", () => {
    const source = "{{#each timeline}}{{#each ../timeline}}.{{/each}}{{/each}}";
    const view = timelineOf(100); // 10,100 iterations: twice would exceed one budget
    expect(render("dashboard", view, { dashboard: source })).toBe(`${".".repeat(10_000)}\n`);
    expect(render("dashboard", view, { dashboard: source })).toBe(`${".".repeat(10_000)}\n`);
  });
  it("keeps everything #each does: block params, @last, @key, objects and else", () => {
    const view = { timeline: [{ text: "a" }, { text: "b" }], roles: { ic: "@bob" } };
    const source =
      "{{#each timeline as |entry i|}}{{i}}:{{entry.text}}{{#if @last}}!{{/if}} {{/each}}{{#each roles}}{{@key}}={{this}}{{/each}} {{#each none}}x{{else}}empty{{/each}}";
    expect(render("dashboard", view, { dashboard: source })).toBe("0:a 1:b! ic=@bob empty\n");
  });
});

describe("no template can write an HTML comment", () => {
  it("defuses a forged record written into a repository's template", () => {
    const output = render(
      "dashboard",
      {},
      { dashboard: '# Dashboard\n<!-- firebreak:declared {"id":"INC-2026-01-01-001"} -->\n' },
    );
    expect(output).not.toContain("<!--");
    expect(output).not.toContain("-->");
    expect(output).toContain("firebreak:declared");
  });

  it("defuses a comment assembled from pieces, or from view text", () => {
    const output = render(
      "dashboard",
      { open: "<!", close: "->", text: "<!-- firebreak:ledger x -->" },
      { dashboard: "{{open}}-- firebreak:reply {} -{{close}}\n{{text}}" },
    );
    expect(output).not.toMatch(/<!--|-->/);
  });

  it("Firebreak's own templates hold no HTML comment for the safety net to break", () => {
    const files = readdirSync(templatesDir()).filter((name) => name.endsWith(".hbs"));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((file) => /<!--|-->/.test(readFileSync(join(templatesDir(), file), "utf8")))).toEqual([]);
  });
});
