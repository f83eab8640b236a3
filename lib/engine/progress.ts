export interface Progress {
  bytesDone: number;
  bytesTotal?: number;
  filesDone: number;
  filesTotal?: number;
  currentPath?: string;
}

export type ProgressFn = (p: Progress) => void;

export interface LongOperation {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /**
   * A backup forces full garbage collections of the calling thread as it goes, which
   * keeps a command's peak memory near what is in flight (default true). A process that serves
   * people too (the web server running jobs) passes false: a full collection of its heap pauses
   * every page it is rendering, tens of ms each, several times a second. Collections of the
   * young generation, a fraction of a millisecond, still run.
   */
  fullCollections?: boolean;
}

/** Calls `fn` at most once per `intervalMs`, plus a final call through `flush()`. */
export function throttleProgress(fn: ProgressFn | undefined, intervalMs = 200) {
  let last = 0;
  return {
    report(p: Progress) {
      if (!fn) return;
      const now = Date.now();
      if (now - last >= intervalMs) {
        last = now;
        fn(p);
      }
    },
    flush(p: Progress) {
      fn?.(p);
    },
  };
}
