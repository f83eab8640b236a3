// A hosted model learns an organisation's words the way the offline planner does (issue 22, item
// 6): the corrections most like the current request join its instructions as worked examples.
// Only names and arguments people approved go in, and nothing secret: connection URLs lose their
// password and keys that name a secret lose their value, as in logs and audit rows.
import { type Example, nearestExamples } from "./offline/examples";
import { redactSecrets, redactUrl } from "./tools/redact";

/** The instruction lines for the examples nearest to the request (none when nothing is near). */
export function examplesSection(request: string | null, examples: Example[]): string[] {
  if (!request) return [];
  const near = nearestExamples(request, examples);
  if (near.length === 0) return [];
  return [
    "",
    "This organisation's own phrasing: requests people corrected before approving, with the call they approved. When a request is like one of these, plan the call the same way (with this request's times and names):",
    ...near.map(
      (e) =>
        `- ${JSON.stringify(redactUrl(e.request))} → ${e.toolName} ${JSON.stringify(redactSecrets(e.input))}`,
    ),
  ];
}
