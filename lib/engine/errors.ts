/** Engine failures carry a stable code so callers (CLI, services) can map them without parsing text. */
export type EngineErrorCode =
  | "unauthenticated"
  | "wrong_password"
  | "locked"
  | "not_found"
  | "corrupt"
  | "aborted"
  | "invalid_argument"
  | "already_exists"
  | "unsupported";

export class EngineError extends Error {
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = "EngineError";
    this.code = code;
  }
}

export function isEngineError(err: unknown, code?: EngineErrorCode): err is EngineError {
  return err instanceof EngineError && (code === undefined || err.code === code);
}

/** Throws the conventional abort error when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineError("aborted", "operation cancelled");
}
