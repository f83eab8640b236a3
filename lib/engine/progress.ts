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
