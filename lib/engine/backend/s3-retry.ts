// Retries around S3 calls. The SDK already retries throttling (503 SlowDown) and connection
// failures with exponential backoff; this covers what it cannot: a response body that breaks
// off while streaming, after the SDK has handed the response over.
import { EngineError } from "../errors";

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 100 };

const RETRYABLE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE"]);
const RETRYABLE_NAMES = new Set(["SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout", "TimeoutError"]);

export function isRetryable(err: unknown): boolean {
  if (err instanceof EngineError) return false;
  const e = err as { code?: string; name?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  if (e?.code && RETRYABLE_CODES.has(e.code)) return true;
  if (e?.name && RETRYABLE_NAMES.has(e.name)) return true;
  const status = e?.$metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  return e?.cause !== undefined && e.cause !== err && isRetryable(e.cause);
}

export async function withRetry<T>(what: string, fn: () => Promise<T>, opts: RetryOptions = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= opts.attempts || !isRetryable(err)) {
        if (attempt > 1 && err instanceof Error) err.message = `${what}: ${err.message} (after ${attempt} attempts)`;
        throw err;
      }
      // Full jitter: spread concurrent retries so they do not hit a throttled server together.
      const cap = opts.baseDelayMs * 2 ** (attempt - 1);
      await new Promise((r) => setTimeout(r, Math.random() * cap));
    }
  }
}
