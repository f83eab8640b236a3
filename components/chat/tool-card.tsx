"use client";
// One tool call in the chat, as a card: what it does, its state told in words and icon, and for
// a drafted action the details, editable fields, and the buttons Approve and Deny.
import { CheckCircle2, CircleAlert, Loader2, ShieldQuestion, XCircle } from "lucide-react";
import Link from "next/link";
import { type Dispatch, type SetStateAction, useState } from "react";
import { PolicyDraft } from "./policy-draft";
import { RestoreDraft } from "./restore-draft";
import { ToolResult } from "./tool-result";

export interface ToolPartView {
  type: string;
  toolCallId: string;
  state: string;
  input?: unknown;
  output?: unknown;
  errorText?: string;
  approval?: { id: string; approved?: boolean; reason?: string };
}

const TITLES: Record<string, string> = {
  createPolicy: "New policy",
  updatePolicy: "Change policy",
  deletePolicy: "Delete policy",
  addAsset: "Add asset",
  removeAsset: "Remove asset",
  restore: "Restore",
  listAssets: "Assets",
  listPolicies: "Policies",
  listRestorePoints: "Restore points",
  searchFiles: "Files found",
  getStatus: "Protection status",
  diagnoseJob: "Diagnosis",
  runBackup: "Backup started",
  verifyRestorePoint: "Verification",
  planRecovery: "Recovery plan",
  startRecovery: "Start recovery",
};

export function ToolCard({
  part,
  timeZone,
  onDecide,
}: {
  part: ToolPartView;
  timeZone: string;
  onDecide: (approvalId: string, approved: boolean, edited: Record<string, unknown> | null) => void;
}) {
  const tool = part.type.replace(/^tool-/, "");
  const original = (part.input ?? {}) as Record<string, unknown>;
  // Only the person's changes are state: the draft itself streams in and may still be growing.
  const [edited, setEdited] = useState<Record<string, unknown> | null>(null);
  const input = edited ?? original;
  const setInput: Dispatch<SetStateAction<Record<string, unknown>>> = (update) =>
    setEdited((current) => (typeof update === "function" ? update(current ?? original) : update));
  const waiting = part.state === "approval-requested";
  const drafted = waiting || part.state === "approval-responded" || part.approval !== undefined;
  const status = statusOf(part.state);
  return (
    <section
      aria-label={TITLES[tool] ?? tool}
      className={`rounded-md border p-3 ${waiting ? "border-amber-400 bg-amber-50" : "border-slate-200 bg-white"}`}
    >
      <header className="mb-2 flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">{TITLES[tool] ?? tool}</h3>
        <span className={`flex items-center gap-1 text-xs ${status.className}`}>
          <status.Icon aria-hidden className={`size-3.5 ${status.spin ? "animate-spin" : ""}`} />
          {status.word}
        </span>
      </header>
      {drafted && (tool === "createPolicy" || tool === "updatePolicy") ? (
        <PolicyDraft
          input={waiting ? input : original}
          setInput={setInput}
          editable={waiting}
          timeZone={timeZone}
        />
      ) : drafted && tool === "restore" ? (
        <RestoreDraft input={waiting ? input : original} setInput={setInput} editable={waiting} />
      ) : drafted ? (
        <dl className="grid grid-cols-[7rem_1fr] gap-x-2 text-sm">
          {Object.entries(original).map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-600">{k}</dt>
              <dd className="break-all">{Array.isArray(v) ? v.join(", ") : String(v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {drafted && tool === "startRecovery" && typeof original.plan === "string" ? (
        <Link href={`/recovery/${original.plan}`} className="text-xs text-sky-700 underline">
          Review the plan before approving
        </Link>
      ) : null}
      {part.state === "output-available" ? <ToolResult tool={tool} output={part.output} /> : null}
      {part.state === "output-error" ? <p className="text-sm text-red-700">{part.errorText}</p> : null}
      {waiting && part.approval ? (
        <div className="mt-3 flex gap-2">
          <button
            type="button"
            className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
            onClick={() =>
              onDecide(
                part.approval?.id as string,
                true,
                edited && JSON.stringify(edited) !== JSON.stringify(original) ? edited : null,
              )
            }
          >
            Approve
          </button>
          <button
            type="button"
            className="rounded-md px-3 py-1.5 text-sm font-medium text-red-700 ring-1 ring-red-300 hover:bg-red-50"
            onClick={() => onDecide(part.approval?.id as string, false, null)}
          >
            Deny
          </button>
        </div>
      ) : null}
    </section>
  );
}

function statusOf(state: string) {
  switch (state) {
    case "approval-requested":
      return {
        word: "Waiting for your approval",
        Icon: ShieldQuestion,
        className: "text-amber-800",
        spin: false,
      };
    case "approval-responded":
      return { word: "Running", Icon: Loader2, className: "text-slate-600", spin: true };
    case "output-available":
      return { word: "Done", Icon: CheckCircle2, className: "text-emerald-700", spin: false };
    case "output-denied":
      return { word: "Denied", Icon: XCircle, className: "text-slate-700", spin: false };
    case "output-error":
      return { word: "Failed", Icon: CircleAlert, className: "text-red-700", spin: false };
    default:
      return { word: "Working", Icon: Loader2, className: "text-slate-600", spin: true };
  }
}
