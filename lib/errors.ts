// Typed application errors, mapped once to HTTP statuses and to server-action results so users
// see what went wrong and what to do, never a stack trace.

export type AppErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "invalid_input"
  | "conflict"
  | "not_found"
  | `not_found:${string}`
  | "unavailable"
  | "internal";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

const statusByCode: Record<string, number> = {
  unauthenticated: 401,
  forbidden: 403,
  invalid_input: 400,
  conflict: 409,
  not_found: 404,
  unavailable: 503,
  internal: 500,
};

export function httpStatusOf(code: AppErrorCode): number {
  return statusByCode[code.split(":")[0]] ?? 500;
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: AppErrorCode; message: string; details?: Record<string, unknown> } };

/** Anything thrown becomes an AppError; unknown errors are logged by the caller and hidden. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isZodError(error)) {
    const issues = error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = issues[0];
    return new AppError(
      "invalid_input",
      first ? `${first.path || "input"}: ${first.message}` : "Invalid input",
      {
        issues,
      },
    );
  }
  return new AppError("internal", "Something went wrong on the server. Check the server log for details.");
}

function isZodError(error: unknown): error is { issues: { path: PropertyKey[]; message: string }[] } {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: string }).name === "ZodError" &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}

export function toActionResult(error: unknown): ActionResult<never> {
  const appError = toAppError(error);
  return { ok: false, error: { code: appError.code, message: appError.message, details: appError.details } };
}

export function toJsonResponse(error: unknown): Response {
  const appError = toAppError(error);
  return Response.json(
    { error: { code: appError.code, message: appError.message } },
    { status: httpStatusOf(appError.code) },
  );
}
