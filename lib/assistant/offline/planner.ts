// The offline planner: conversation in, tool calls and text out. A pure function of the messages,
// the inventory's names, the clock and the user's time zone.
//
// One turn goes: the newest user message is understood on its own (understand.ts: normalise,
// entities, slots, intent) and built into a call or a question (build.ts). When the assistant's
// last turn asked a question, or drafted an action the user now corrects ("not www, wiki", "make
// it 4pm instead"), the earlier request and the answer are read together as one request, so the
// answer completes the action. When the newest turns are tool results, the planner answers from
// them (respond.ts) instead of planning.
import { build } from "./build";
import { describeCall } from "./describe";
import { applyExample, matchExample } from "./examples";
import type { CueName } from "./lexicon";
import { say } from "./phrases";
import { respond, type ToolOutcome } from "./respond";
import { detectLang } from "./text";
import type { Lang, Plan, PlanInput, PlannedCall, Turn } from "./types";
import { understand } from "./understand";

const MAX_REQUEST = 1000;

/** Cues that make a message a request of its own rather than an answer to a question. */
const OWN_REQUEST: CueName[] = [
  "backup",
  "restore",
  "list",
  "search",
  "status",
  "diagnose",
  "verify",
  "recommend",
  "create",
  "change",
  "delete",
  "pause",
  "resume",
  "addAsset",
  "removeAsset",
  "recovery",
  "help",
];

/** The user requests that the newest message may answer or correct, oldest first. */
function pendingRequests(messages: Turn[], current: number): { texts: string[]; asked: boolean } {
  const texts: string[] = [];
  let asked = false;
  let i = current - 1;
  for (let depth = 0; depth < 3; depth++) {
    while (i >= 0 && messages[i].role === "tool") i--;
    const assistant = messages[i];
    if (assistant?.role !== "assistant") break;
    const question = /[?？]\s*$/.test(assistant.text.trim());
    if (depth === 0) asked = question;
    else if (!question) break;
    i--;
    while (i >= 0 && messages[i].role === "tool") i--;
    const user = messages[i];
    if (user?.role !== "user") break;
    texts.unshift(user.text);
    i--;
  }
  return { texts, asked };
}

function trailingToolResults(messages: Turn[]): ToolOutcome[] {
  const out: ToolOutcome[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== "tool") break;
    out.unshift({ toolName: m.toolName, input: m.input, output: m.output, denied: m.denied, error: m.error });
  }
  return out;
}

/** A recommendation that fits is one approval away: its createPolicy draft becomes the next call. */
function draftFromRecommendation(results: ToolOutcome[]): PlannedCall | null {
  for (const r of results) {
    if (r.toolName !== "recommendPolicy" || r.denied || r.error) continue;
    const draft = (r.output as { draft?: { tool?: string; args?: Record<string, unknown> } } | null)?.draft;
    if (draft?.tool === "createPolicy" && draft.args) return { toolName: "createPolicy", input: draft.args };
  }
  return null;
}

function lastUserLang(messages: Turn[]): Lang {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role === "user" && /[\p{L}]{2,}/u.test(m.text)) {
      if (detectLang(m.text) === "zh") return "zh";
      // Two English words or more: an English sentence (one word may be just a name).
      if ((m.text.slice(0, MAX_REQUEST).match(/[a-z]{3,}/gi) ?? []).length >= 2) return "en";
    }
  }
  return "en";
}

export function plan(input: PlanInput): Plan {
  const { messages, inventory, now, tz } = input;
  const results = trailingToolResults(messages);
  if (results.length) {
    const lang = lastUserLang(messages);
    const text = respond(results, lang, tz);
    const draft = draftFromRecommendation(results);
    if (!draft) return { toolCalls: [], text };
    const offer = say(
      lang,
      "I drafted it as a policy: approve it to create it.",
      "已按建议起草策略，批准即可创建。",
    );
    return { toolCalls: [draft], text: `${text}${lang === "zh" ? "" : " "}${offer}` };
  }

  let current = messages.length - 1;
  while (current >= 0 && messages[current].role !== "user") current--;
  if (current < 0) return { toolCalls: [], text: "" };
  // Requests are sentences: a paste of many pages is cut, so no reading takes long.
  const text = (messages[current] as { text: string }).text.slice(0, MAX_REQUEST);
  const lang = lastUserLang(messages.slice(0, current + 1));

  // A phrase this organisation taught the planner by correcting it wins over the grammar.
  const example = input.examples?.length ? matchExample(text, input.examples) : undefined;
  if (example) {
    const call = applyExample(example, text, inventory);
    if (call) return { toolCalls: [call], text: describeCall(call, lang, tz) };
  }

  // Questions and descriptions follow the user's language, also when the answer is just "wiki".
  const read = (t: string) => ({ ...understand(t, inventory, now, tz), lang });
  let u = read(text);
  let built = build(u, inventory, now);
  const { texts, asked } = pendingRequests(messages, current);
  if (texts.length) {
    const ownRequest = OWN_REQUEST.some((c) => u.cues.has(c)) && u.intent !== "unknown";
    const answersQuestion = asked && !(ownRequest && built.call);
    const corrects = !asked && u.cues.has("correction") && !(ownRequest && built.call);
    if (answersQuestion || corrects || (!built.call && u.intent === "unknown")) {
      const merged = read([...texts, text].join("\n"));
      if (merged.intent !== "unknown") {
        u = merged;
        built = build(merged, inventory, now);
      }
    }
  }
  if (!built.call) return { toolCalls: [], text: built.question ?? "" };
  const calls = [built.call, ...(built.more ?? [])];
  const words = calls.map((c) => describeCall(c, lang, tz));
  if (built.note) words.push(built.note);
  return { toolCalls: calls, text: words.join(lang === "zh" ? "" : " ") };
}
