// A model that fails says so in the chat, in words: which model, and what went wrong, without
// the request (it holds the conversation) or anything the provider echoed back.
import { APICallError, RetryError } from "ai";

export function modelFailureMessage(error: unknown, label: string): string {
  const cause = error instanceof RetryError ? error.lastError : error;
  const name = (cause as { name?: string })?.name ?? "";
  if (name === "ModelTimeoutError" || name === "TimeoutError") {
    return `The model (${label}) did not answer in time: ${(cause as Error).message}. Try again, or check that the model server is not overloaded.`;
  }
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode ? `HTTP ${cause.statusCode}` : "no answer";
    const hint =
      cause.statusCode === 401 || cause.statusCode === 403
        ? " The API key was refused: check OPENAI_API_KEY."
        : cause.statusCode === 404
          ? " The model name may be wrong: check LIFEBOAT_MODEL."
          : !cause.statusCode
            ? " The model server cannot be reached: check OPENAI_BASE_URL and that the server runs."
            : "";
    return `The model (${label}) failed: ${status}.${hint}`;
  }
  const message = (cause as Error)?.message ?? String(cause);
  return `The assistant failed: ${message.slice(0, 300)}`;
}
