import { createRequire } from "node:module";
import { describe, expect, it } from "@jest/globals";
import type { KnownBlock } from "@slack/types";
import { NOTIFY_EVENTS } from "../../src/config/schema.js";
import {
  jsonMessage,
  messageFor,
  slackMessage,
  teamsMessage,
  type OutboundEvent,
} from "../../src/outbound/messages.js";

const event = (over: Partial<OutboundEvent> = {}, title = "Checkout is down"): OutboundEvent => ({
  kind: "update",
  incident: {
    id: "INC-2026-12-02-001",
    number: 12,
    title,
    severity: "sev1",
    phase: "mitigating",
    url: "https://github.com/acme/shop/issues/12",
  },
  text: "Rolled back the deploy; error rate falling.",
  at: "2026-12-02T10:00:00.000Z",
  ...over,
});

const hostile = "<!channel> <@U024BE7LH> @here & <https://evil.example|click> ".repeat(400);

describe("Slack messages", () => {
  it("are Block Kit as @slack/types defines it: text plus a header, a section and a context line", () => {
    const message = slackMessage(event());
    const blocks: KnownBlock[] = message.blocks; // checked by tsc against @slack/types
    expect(blocks.map((block) => block.type)).toEqual(["header", "section", "context"]);
    expect(message.text).toBe("Status update: INC-2026-12-02-001 Checkout is down");
    expect(message.blocks[1]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "Rolled back the deploy; error rate falling." },
    });
    expect(message.blocks[2]).toEqual({
      type: "context",
      elements: [
        { type: "mrkdwn", text: "Status update · sev1 · mitigating · <https://github.com/acme/shop/issues/12|#12>" },
      ],
    });
  });

  it("never turn a person's text into a mention or link, and stay within Slack's limits", () => {
    const message = slackMessage(event({ text: hostile }, hostile));
    // The header is plain_text, which Slack never reads as mentions or links; the mrkdwn parts are escaped.
    const json = JSON.stringify([message.text, message.blocks.slice(1)]);
    expect(json).not.toMatch(/<!channel>|<@U|<https:\/\/evil|[^\u2060]@here/);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const [header, section] = message.blocks;
    expect(header?.type === "header" && [...header.text.text].length).toBeLessThanOrEqual(150);
    expect(section?.type === "section" && [...section.text.text].length).toBeLessThanOrEqual(3_000);
    expect(section?.type === "section" && section.text.text).toMatch(
      /^&lt;!channel&gt; &lt;@U024BE7LH&gt; @\u2060here &amp;/,
    );
    expect(section?.type === "section" && section.text.text).toMatch(/…$/);
    expect([...message.text].length).toBeLessThanOrEqual(3_000);
  });
});

/** Microsoft's own Adaptive Cards parser (its browser bundle parses without a DOM). */
const AdaptiveCards = createRequire(import.meta.url)("adaptivecards/dist/adaptivecards.js") as {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void };
  SerializationContext: new (version: unknown) => { eventCount: number; getEventAt(i: number): { message: string } };
  Versions: { v1_4: unknown };
};

/** What Microsoft's parser says of a card read as version 1.4: unknown elements, properties newer than 1.4, bad values. */
function cardProblems(card: unknown): string[] {
  const context = new AdaptiveCards.SerializationContext(AdaptiveCards.Versions.v1_4);
  new AdaptiveCards.AdaptiveCard().parse(card, context);
  return Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
}

describe("Teams messages", () => {
  it("parse as Adaptive Cards 1.4 without a complaint from Microsoft's parser, for every event and the longest text", () => {
    for (const kind of NOTIFY_EVENTS)
      for (const over of [{}, { text: hostile }]) {
        const message = teamsMessage(event({ kind, ...over }, kind === "update" ? hostile : "Checkout is down"));
        const content = (message.attachments as { content: unknown }[])[0]?.content;
        expect({ kind, problems: cardProblems(content) }).toEqual({ kind, problems: [] });
      }
    // The parser does complain: an element 1.4 lacks and a property newer than 1.4.
    expect(cardProblems({ type: "AdaptiveCard", version: "1.4", body: [{ type: "Table" }] })).toHaveLength(1);
    expect(
      cardProblems({
        type: "AdaptiveCard",
        version: "1.4",
        body: [{ type: "TextBlock", text: "x", style: "heading" }],
      }),
    ).toEqual([expect.stringContaining("supported in version 1.5")]);
  });

  // The Workflows envelope, and the elements each card is made of.
  it("are an Adaptive Card 1.4 in the Workflows webhook envelope", () => {
    const message = teamsMessage(event());
    expect(message).toMatchObject({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          contentUrl: null,
          content: {
            $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
            type: "AdaptiveCard",
            version: "1.4",
          },
        },
      ],
    });
    const content = (message.attachments as { content: { body: { type: string }[]; actions: { type: string }[] } }[])[0]
      ?.content;
    expect(content?.body.map((element) => element.type)).toEqual(["TextBlock", "TextBlock", "FactSet"]);
    expect(content?.actions).toEqual([
      { type: "Action.OpenUrl", title: "Open #12", url: "https://github.com/acme/shop/issues/12" },
    ]);
  });

  it("stay well below Teams' 28 KB with the longest text", () => {
    expect(Buffer.byteLength(JSON.stringify(teamsMessage(event({ text: hostile }, hostile))))).toBeLessThan(28_000);
  });
});

describe("JSON messages", () => {
  it("are Firebreak's versioned event object", () => {
    expect(jsonMessage(event())).toEqual({
      schema: "firebreak.event",
      version: 1,
      event: "update",
      incident: {
        id: "INC-2026-12-02-001",
        number: 12,
        title: "Checkout is down",
        severity: "sev1",
        phase: "mitigating",
        url: "https://github.com/acme/shop/issues/12",
      },
      text: "Rolled back the deploy; error rate falling.",
      time: "2026-12-02T10:00:00.000Z",
    });
    expect(messageFor("json", event())).toEqual(jsonMessage(event()));
  });

  it("bound a person's text", () => {
    const message = jsonMessage(event({ text: hostile }, hostile));
    expect([...(message.text as string)].length).toBe(3_000);
    expect([...(message.incident as { title: string }).title].length).toBe(150);
  });
});
