// Per-account sign-in throttle with exponential backoff. Keyed by account AND client, so a
// guesser slows down only themselves: the account's owner signing in correctly from another
// client is not blocked. (The per-client limit across all accounts is better-auth's rateLimit.)
// In memory, so per web process, like better-auth's counters.

export interface ThrottleOptions {
  /** Failures allowed before backoff starts. */
  freeFailures?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Entries untouched this long are forgotten. */
  forgetAfterMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  blockedUntil: number;
  touched: number;
}

export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly o: Required<ThrottleOptions>;

  constructor(options: ThrottleOptions = {}) {
    this.o = {
      freeFailures: 5,
      baseDelayMs: 2_000,
      maxDelayMs: 15 * 60_000,
      forgetAfterMs: 60 * 60_000,
      maxEntries: 10_000,
      now: Date.now,
      ...options,
    };
  }

  private key(account: string, client: string | null) {
    return `${account.trim().toLowerCase()}\u0000${client ?? "unknown"}`;
  }

  /** Milliseconds this client must still wait before trying this account again; 0 when free. */
  waitMs(account: string, client: string | null): number {
    const entry = this.entries.get(this.key(account, client));
    if (!entry) return 0;
    return Math.max(0, entry.blockedUntil - this.o.now());
  }

  failed(account: string, client: string | null): void {
    const now = this.o.now();
    const key = this.key(account, client);
    const entry = this.entries.get(key) ?? { failures: 0, blockedUntil: 0, touched: now };
    entry.failures += 1;
    entry.touched = now;
    const over = entry.failures - this.o.freeFailures;
    if (over >= 0) {
      entry.blockedUntil = now + Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** over);
    }
    this.entries.delete(key); // re-insert: the map's order is least recently touched first
    this.entries.set(key, entry);
    this.prune(now);
  }

  succeeded(account: string, client: string | null): void {
    this.entries.delete(this.key(account, client));
  }

  private prune(now: number) {
    for (const [key, entry] of this.entries) {
      const stale = now - entry.touched > this.o.forgetAfterMs && entry.blockedUntil <= now;
      if (!stale && this.entries.size <= this.o.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
