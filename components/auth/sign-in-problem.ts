// Turns better-auth's (and lib/auth/http.ts's) refusal into what the user can do about it.
// A wrong password and a disabled account share one answer on purpose (the server sends the
// same code for both).
import { PASSWORD_MAX_LENGTH } from "@/lib/auth/password-rules";

export function signInProblem(
  status: number | undefined,
  body: { code?: string; message?: string } | null,
  origin: string,
): string {
  if (status === undefined) return "The server did not answer; check the connection and try again.";
  switch (body?.code) {
    case "INVALID_EMAIL_OR_PASSWORD":
      return "Email or password is wrong.";
    case "INVALID_EMAIL":
      return "Enter a valid email address.";
    case "PASSWORD_TOO_LONG":
      return `Passwords are at most ${PASSWORD_MAX_LENGTH} characters.`;
    case "INVALID_ORIGIN":
    case "MISSING_OR_NULL_ORIGIN":
      return `This server does not accept sign-ins from ${origin}. Open the dashboard at the address set in LIFEBOAT_URL.`;
    case "TOO_MANY_ATTEMPTS":
      return body.message ?? "Too many failed sign-ins for this account; wait, then try again.";
  }
  if (status === 429) return "Too many attempts from this address. Wait a minute, then try again.";
  if (status >= 500) return "The server failed to sign you in; its log says why. Try again later.";
  return `The server refused the sign-in (${status}${body?.message ? `: ${body.message}` : ""}).`;
}
