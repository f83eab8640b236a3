// Where to go after sign-in. Only a path on this very origin: the value is resolved against the
// origin the way a browser would resolve it (backslashes, tabs and newlines included), and kept
// only if the result stays on that origin. Looking at the first characters is not enough:
// "/\evil.example" and "/\t/evil.example" both start with one slash and lead elsewhere.
export function safeNextPath(next: unknown, origin = "http://lifeboat.invalid"): string {
  if (typeof next !== "string" || next === "") return "/";
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(origin).origin) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The result is used as a relative URL again, so it must not itself start a host ("//x").
  return path.startsWith("/") && !path.startsWith("//") ? path : "/";
}
