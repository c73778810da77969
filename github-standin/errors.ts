/** Semantic failures GitHub answers with a 4xx. Thrown by mutations and routes, rendered by the server. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message ?? status));
  }
}

export const DOCS = "https://docs.github.com/rest";

export function notFound(message = "Not Found"): HttpError {
  return new HttpError(404, { message, documentation_url: DOCS, status: "404" });
}

export function validationFailed(errors: Array<Record<string, unknown>>, message = "Validation Failed"): HttpError {
  return new HttpError(422, { message, errors, documentation_url: DOCS, status: "422" });
}

export function unprocessable(message: string): HttpError {
  return new HttpError(422, { message, documentation_url: DOCS, status: "422" });
}
