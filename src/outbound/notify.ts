import type { ChannelConfig, IncidentConfig } from "../config/schema.js";
import { digest } from "../domain/markers.js";
import type { RefsPort } from "../github/port.js";
import { deliver, type DeliveryOptions } from "./deliver.js";
import type { OutboundMessage } from "./messages.js";

/**
 * Performs one notify effect: the channel's URL from the environment variable its entry names (a secret, never
 * read from the repository), the message claimed once (a Git ref: a redelivered webhook or a second replica
 * finds it claimed and sends nothing), then delivered. A failure after retries is reported once per channel per
 * incident, by the caller.
 */

export interface NotifyContext {
  refs: Pick<RefsPort, "claimOnce">;
  issueNumber: number;
  defaultBranch: string;
  scope: string;
  log: { warn(message: string): void; info(message: string): void };
  /** Where channel URLs are read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  delivery?: DeliveryOptions;
  /** When the run's deliveries must end (`Date.now()` milliseconds): a message not yet claimed by then is not sent. */
  deadline?: number;
}

export type NotifyResult = { sent: boolean; failure?: string };

/**
 * Each channel whose variable is unset in `env`, said as a config warning (its path in the file first). Only the
 * environment at hand can be checked: `where` says which one that is.
 */
export function unsetChannelWarnings(
  config: Pick<IncidentConfig, "notifications">,
  env: Readonly<Record<string, string | undefined>>,
  where: string,
): string[] {
  return config.notifications.channels.flatMap((channel, index) =>
    env[channel.url_env]
      ? []
      : [
          `notifications.channels[${index}].url_env: ${channel.url_env} is not set ${where}; nothing is sent to the channel \`${channel.name}\` until it is`,
        ],
  );
}

/** Channels whose variable was found unset, warned about once per process. */
const warnedUnset = new Set<string>();

export async function notifyChannel(
  effect: { key: string; channel: ChannelConfig; message: OutboundMessage },
  ctx: NotifyContext,
): Promise<NotifyResult> {
  const { channel } = effect;
  const url = (ctx.env ?? process.env)[channel.url_env];
  if (!url) {
    if (!warnedUnset.has(channel.name)) {
      warnedUnset.add(channel.name);
      ctx.log.warn(
        `notifications.channels: ${channel.name}: the environment variable ${channel.url_env} is not set; nothing is sent to this channel until it is`,
      );
    }
    return { sent: false };
  }
  if (ctx.deadline !== undefined && Date.now() >= ctx.deadline) {
    ctx.log.warn(`[${ctx.scope}] ${effect.key}: not sent: the run's time for deliveries ran out`);
    return { sent: false };
  }
  const name = `${ctx.issueNumber}/notify-${digest(effect.key)}`;
  if (!(await ctx.refs.claimOnce(name, ctx.defaultBranch))) return { sent: false };
  const outcome = await deliver(url, effect.message, {
    ...ctx.delivery,
    ...(ctx.deadline !== undefined ? { deadline: ctx.deadline } : {}),
  });
  if (outcome.ok) {
    ctx.log.info(`[${ctx.scope}] sent ${effect.key} (HTTP ${outcome.status})`);
    return { sent: true };
  }
  ctx.log.warn(`[${ctx.scope}] ${effect.key}: ${outcome.error}`);
  // The note says only the status or the network error: the receiver's answer text stays in the log.
  const what = outcome.status !== undefined ? `HTTP ${outcome.status}` : outcome.error;
  const failure = `${what} after ${outcome.attempts} attempt${outcome.attempts === 1 ? "" : "s"}`;
  return { sent: false, failure };
}

/** The note on the incident when a channel fails, once per channel per incident (its key is the record). */
export function channelFailedNote(channel: string, failure: string): string {
  return [
    `⚠️ Firebreak could not deliver a notification to the channel \`${channel}\` (${failure.replaceAll("`", "'")}).`,
    "",
    "Check the webhook the channel's environment variable names. Further failures on this channel for this incident are only logged.",
  ].join("\n");
}
