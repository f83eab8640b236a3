// The Content-Security-Policy of every page and API answer. Scripts run only with this request's
// nonce ('strict-dynamic' lets Next's nonced bootstrap load its chunks); nothing may frame the
// console (clickjacking); forms post only to this origin. Styles allow inline attributes, which
// React and Radix set. `next dev` additionally needs eval (React's dev call stacks) and its socket.
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers that do not depend on the request; next.config.ts sends them on every path. */
export const staticSecurityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** HSTS only where the browser reached us over https (directly or through a TLS proxy). */
export const hsts = "max-age=31536000; includeSubDomains";
