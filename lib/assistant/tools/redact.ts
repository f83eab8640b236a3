// Arguments are logged and audited without secrets: a connection URL keeps its host and database
// but loses its password; keys that name a secret lose their value.
const SECRET_KEY = /pass(word)?|secret|token|key|credential/i;

export function redactUrl(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, "$1***@");
}

export function redactSecrets<T>(value: T): T {
  if (typeof value === "string") return redactUrl(value) as T;
  if (Array.isArray(value)) return value.map(redactSecrets) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? "***" : redactSecrets(v);
    return out as T;
  }
  return value;
}
