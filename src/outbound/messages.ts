import type { NotifyEvent } from "../config/schema.js";

/**
 * The messages an outbound channel receives, built from one incident event; pure. Everything a person typed
 * (titles, update text) is bounded and, for Slack, escaped so that it can never become a mention or a link.
 */

export interface OutboundEvent {
  kind: NotifyEvent;
  incident: { id: string; number: number; title: string; severity: string; phase: string; url: string };
  text: string;
  /** ISO-8601 UTC. */
  at: string;
}

export type ChannelType = "slack" | "teams" | "json";

/** A JSON body to POST. */
export type OutboundMessage = Record<string, unknown>;

/** Slack's limits: header text 150 characters, section text 3,000, at most 50 blocks. */
const SLACK_HEADER_LIMIT = 150;
const SLACK_SECTION_LIMIT = 3_000;
/** What any channel gets of a person's text: well within Teams' ~28 KB per message. */
const TEXT_LIMIT = 3_000;
const TITLE_LIMIT = 150;

const HEADLINES: Record<NotifyEvent, string> = {
  declared: "Incident declared",
  severity: "Severity changed",
  phase: "Phase changed",
  update: "Status update",
  stakeholders: "Stakeholder update",
  resolved: "Incident resolved",
  escalation: "Escalated",
};

export function messageFor(type: ChannelType, event: OutboundEvent): OutboundMessage {
  switch (type) {
    case "slack":
      return slackMessage(event);
    case "teams":
      return teamsMessage(event);
    case "json":
      return jsonMessage(event);
  }
}

/**
 * Firebreak's own event object, version 1: `{ schema: "firebreak.event", version: 1, event, incident: { id,
 * number, title, severity, phase, url }, text, time }`. Fields are only ever added within a version.
 */
export function jsonMessage(event: OutboundEvent): OutboundMessage {
  const { id, number, title, severity, phase, url } = event.incident;
  return {
    schema: "firebreak.event",
    version: 1,
    event: event.kind,
    incident: { id, number, title: bounded(title, TITLE_LIMIT), severity, phase, url },
    text: bounded(event.text, TEXT_LIMIT),
    time: event.at,
  };
}

/** The Block Kit this module writes (tests check it against `@slack/types`). */
type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string; emoji: boolean } }
  | { type: "section"; text: { type: "mrkdwn"; text: string } }
  | { type: "context"; elements: { type: "mrkdwn"; text: string }[] };
export type SlackMessage = { text: string; blocks: SlackBlock[] };

/** Block Kit: a header, the text in one section, the facts in a context line; `text` is the notification's. */
export function slackMessage(event: OutboundEvent): SlackMessage {
  const { incident } = event;
  const header = bounded(`${incident.severity.toUpperCase()} ${incident.id}: ${incident.title}`, SLACK_HEADER_LIMIT);
  const facts = `${HEADLINES[event.kind]} · ${incident.severity} · ${incident.phase} · <${incident.url}|#${incident.number}>`;
  return {
    text: slackEscaped(`${HEADLINES[event.kind]}: ${incident.id} ${incident.title}`, SLACK_SECTION_LIMIT),
    blocks: [
      { type: "header", text: { type: "plain_text", text: header, emoji: false } },
      {
        type: "section",
        text: { type: "mrkdwn", text: slackEscaped(event.text || HEADLINES[event.kind], SLACK_SECTION_LIMIT) },
      },
      { type: "context", elements: [{ type: "mrkdwn", text: facts }] },
    ],
  };
}

/** An Adaptive Card 1.4 in the envelope Teams' Workflows webhooks expect (the Office 365 connectors are retired). */
export function teamsMessage(event: OutboundEvent): OutboundMessage {
  const { incident } = event;
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            {
              type: "TextBlock",
              text: bounded(`${incident.severity.toUpperCase()} ${incident.id}: ${incident.title}`, TITLE_LIMIT),
              weight: "Bolder",
              size: "Medium",
              wrap: true,
            },
            { type: "TextBlock", text: bounded(event.text || HEADLINES[event.kind], TEXT_LIMIT), wrap: true },
            {
              type: "FactSet",
              facts: [
                { title: "Event", value: HEADLINES[event.kind] },
                { title: "Severity", value: incident.severity },
                { title: "Phase", value: incident.phase },
              ],
            },
          ],
          actions: [{ type: "Action.OpenUrl", title: `Open #${incident.number}`, url: incident.url }],
        },
      },
    ],
  };
}

/** At most `limit` characters, an ellipsis marking a cut. */
function bounded(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join("")}…`;
}

const SLACK_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Slack's escaping (`&`, `<`, `>`), so `<!channel>` or `<@U123>` in someone's text stays text; a bare `@here`,
 * `@channel` or `@everyone` gets a zero-width joiner after its `@`. Cut at `limit` characters after escaping,
 * never inside an entity.
 */
function slackEscaped(text: string, limit: number): string {
  const neutral = text.replace(/@(here|channel|everyone)\b/gi, "@\u2060$1");
  let out = "";
  let length = 0;
  for (const char of neutral) {
    const piece = SLACK_ENTITIES[char] ?? char;
    if (length + piece.length > limit - 1) return `${out}…`;
    out += piece;
    length += piece.length;
  }
  return out;
}
