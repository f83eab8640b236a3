// Server-action requests that Next.js would answer with a 500 (and a stack trace under
// `next dev`) are refused here first, as the client errors they are: an unparseable Origin (400),
// a foreign Origin (403, the same comparison Next makes), a body over Next's 1 MB action limit
// (413) and a body that is not what React's client sends (400).
export const ACTION_BODY_LIMIT = 1024 * 1024;

export interface Refusal {
  status: 400 | 403 | 413;
  code: string;
  message: string;
}

export async function refuseActionRequest(request: Request): Promise<Refusal | null> {
  const origin = request.headers.get("origin");
  if (origin !== null) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return { status: 400, code: "invalid_input", message: "The Origin header is not a URL." };
    }
    const host =
      request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
    if (!host || originHost.toLowerCase() !== host.toLowerCase()) {
      return { status: 403, code: "forbidden", message: "Server actions are only accepted from this site." };
    }
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  const tooLarge: Refusal = { status: 413, code: "too_large", message: "The request body is too large." };
  if (declared > ACTION_BODY_LIMIT) return tooLarge;
  const type = request.headers.get("content-type") ?? "";
  // React sends arguments as JSON text, or as multipart when they hold files; forms without
  // JavaScript send multipart too. Multipart is left to Next's parser.
  if (type.startsWith("multipart/form-data")) return null;
  const text = await request.clone().text();
  if (text.length > ACTION_BODY_LIMIT) return tooLarge;
  try {
    JSON.parse(text);
  } catch {
    return { status: 400, code: "invalid_input", message: "The server action's arguments are not readable." };
  }
  return null;
}
