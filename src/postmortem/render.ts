import { defuseHtmlComments } from "../domain/mentions.js";
import { BLOCK_MARKER, render, type TemplateOverrides } from "../render/environment.js";
import { blockSentinels } from "./blocks.js";
import type { PostmortemFacts } from "./facts.js";

/**
 * The post-mortem document: the repository's `postmortem` template when it has one, Firebreak's otherwise.
 * A repository template that does not compile or render throws `TemplateError` naming "postmortem".
 */
export function renderPostmortem(facts: PostmortemFacts, overrides: TemplateOverrides = {}): string {
  const sentinels = blockSentinels();
  return sentinels.finish(render("postmortem", { ...facts, [BLOCK_MARKER]: sentinels.mark }, overrides));
}

/** The pull request's description: short, built in, and only the app's words besides the incident's. */
export function renderPullBody(facts: PostmortemFacts): string {
  const reviewers = facts.reviewers.map((reviewer) => `${reviewer.name} (${reviewer.holder})`).join(", ");
  const milestones = facts.milestones.map((milestone) => `- ${milestone.name}: due ${milestone.due}`);
  const lines = [
    `Post-mortem of incident ${facts.id} (${facts.issue.ref}): \`${facts.file}\`.`,
    "",
    `**Reviewers:** ${reviewers || "none configured"}.`,
    `**Post-mortem due:** ${facts.postmortemDue.due} (${facts.postmortemDue.within} after resolution).`,
    "",
    "**Milestones:**",
    ...milestones,
    "",
    "Firebreak regenerates the document's app-owned blocks (summary, timeline, times, action items, milestones, links) from the incident; everything else in it is the team's to write. The check on this pull request lists the sections still to write and the action items without an owner or a deadline.",
  ];
  return defuseHtmlComments(`${lines.join("\n")}\n`);
}
