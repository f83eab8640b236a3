// The retry the SDK cannot do. The SDK retries requests (throttling, 5xx, dropped connections)
// with exponential backoff, but once it has handed a response over, a body that breaks off while
// streaming is the caller's problem: such reads are repeated here, with backoff and jitter.
import { EngineError } from "../errors";

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 100 };

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNABORTED",
  "ERR_STREAM_PREMATURE_CLOSE",
  "UND_ERR_SOCKET",
]);

/** A failure of the connection, not an answer from the server (those the SDK already retried). */
export function isNetworkFailure(err: unknown): boolean {
  if (err instanceof EngineError) return false;
  const e = err as {
    code?: string;
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    cause?: unknown;
  };
  if (e?.$metadata?.httpStatusCode !== undefined) return false;
  if (e?.code && NETWORK_CODES.has(e.code)) return true;
  if (e?.name === "TimeoutError" || /aborted|premature|socket hang up|terminated/i.test(e?.message ?? ""))
    return true;
  return e?.cause !== undefined && e.cause !== err && isNetworkFailure(e.cause);
}

export async function withRetry<T>(
  what: string,
  fn: () => Promise<T>,
  opts: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= opts.attempts || !isNetworkFailure(err)) {
        if (attempt > 1 && err instanceof Error)
          err.message = `${what}: ${err.message} (after ${attempt} attempts)`;
        throw err;
      }
      // Full jitter: concurrent readers do not all come back at the same moment.
      await new Promise((r) => setTimeout(r, Math.random() * opts.baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}
