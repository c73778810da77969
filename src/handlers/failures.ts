import type { Context } from "probot";

/**
 * A handler's failure, as Firebreak lets it reach Probot: the message and stack of what failed, nothing else.
 * GitHub still sees the delivery fail (500, "Recent deliveries" shows the message), but neither Probot nor
 * @octokit/webhooks can log the payload or an Octokit request's body through it: both may hold incident text.
 */
export class HandlerFailed extends Error {
  override readonly name = "HandlerFailed";
}

interface ErrorSummary {
  type: string;
  message: string;
  /** GitHub's status, when a request failed. */
  status?: number;
  stack?: string;
}

/** What is logged of an error: its kind, message, GitHub status and stack; never a request, response or payload. */
function errorSummary(error: unknown): ErrorSummary {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const status = (error as { status?: unknown }).status;
  return {
    type: error.name,
    message: error.message,
    ...(typeof status === "number" ? { status } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
  };
}

type AnyContext = Context<"issues" | "issue_comment" | "repository_dispatch" | "push" | "pull_request" | "check_run">;

/** Where an event happened, as structured log fields: the delivery, the repository and the issue or pull request. */
function eventFields(context: AnyContext): Record<string, string | number> {
  const payload = context.payload as {
    repository?: { full_name?: string };
    issue?: { number?: number };
    pull_request?: { number?: number };
  };
  const issue = payload.issue?.number ?? payload.pull_request?.number;
  return {
    delivery: context.id,
    event: context.name,
    ...(payload.repository?.full_name ? { repository: payload.repository.full_name } : {}),
    ...(issue !== undefined ? { issue } : {}),
  };
}

/**
 * After a handler failed, @octokit/webhooks attaches the delivery to the error and both it and Probot log that
 * error whole, payload included. Nothing reads the payload once its one handler has finished, so its text is
 * removed first: only `action` stays.
 */
function scrubPayload(payload: object): void {
  const fields = payload as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (key !== "action") delete fields[key];
  fields.firebreak = "payload removed from logs: it may hold incident text";
}

/**
 * Runs one event's handler with the event's fields bound to `context.log`; a failure is logged once, as a
 * structured error without the payload, and rethrown as a `HandlerFailed` so the delivery answers 500.
 */
export function guarded<C extends AnyContext>(handler: (context: C) => unknown): (context: C) => Promise<void> {
  return async (context) => {
    const fields = eventFields(context);
    context.log = context.log.child(fields);
    try {
      await handler(context);
    } catch (error) {
      const summary = errorSummary(error);
      context.log.error({ err: summary }, `${context.name} handler failed: ${summary.message}`);
      scrubPayload(context.payload);
      const failed = new HandlerFailed(`${context.name} (delivery ${context.id}) failed: ${summary.message}`);
      if (summary.stack) failed.stack = `${failed.name}: ${failed.message}\n${summary.stack}`;
      throw failed;
    }
  };
}
