// One webhook POST with retries: the transport under every notification (lib/jobs/notify.ts,
// lib/jobs/alerts.ts). A URL often carries a token, so logs name only its origin.
import { logger } from "@/lib/logger";

export interface DeliveryOptions {
  tries?: number;
  /** Wait before try n (n ≥ 2) is backoffMs * 4^(n-2): 1 s, 4 s by default. */
  backoffMs?: number;
  timeoutMs?: number;
}

/** POSTs the payload; a 2xx answer is delivered, anything else (or no answer) is tried again. */
export async function deliver(
  url: string,
  payload: { event: string; job?: { id: string; [key: string]: unknown } },
  options: DeliveryOptions = {},
): Promise<boolean> {
  const tries = options.tries ?? 3;
  const backoffMs = options.backoffMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let lastError = "";
  for (let attempt = 1; attempt <= tries; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, backoffMs * 4 ** (attempt - 2)));
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "lifeboat-webhook" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
      await response.body?.cancel();
      if (response.ok) return true;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
  }
  // The URL may carry a token: log only where it points.
  logger.warn(
    { target: safeOrigin(url), event: payload.event, jobId: payload.job?.id, error: lastError },
    "webhook not delivered",
  );
  return false;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid url)";
  }
}
