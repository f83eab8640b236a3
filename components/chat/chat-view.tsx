"use client";
// One chat: the messages (text as Markdown, tool calls as cards), the box labelled "Message" and
// "Send". The browser sends only what is new: the user's message, or its decisions on drafts
// (with the arguments edited in a card); the server keeps the chat and checks every decision.
import { useChat } from "@ai-sdk/react";
import {
  DefaultChatTransport,
  lastAssistantMessageIsCompleteWithApprovalResponses,
  type UIMessage,
} from "ai";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import Markdown from "react-markdown";
import { RateAnswer } from "./rate-answer";
import { ToolCard, type ToolPartView } from "./tool-card";

export function ChatView({
  chatId,
  initialMessages,
  onModel,
  onSaved,
}: {
  chatId: string;
  initialMessages: UIMessage[];
  onModel: (label: string) => void;
  onSaved: () => void;
}) {
  const timeZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  const edits = useRef<Record<string, Record<string, unknown>>>({});
  const transport = useMemo(
    () =>
      new DefaultChatTransport({
        api: "/api/chat",
        prepareSendMessagesRequest: ({ id, messages }) => {
          const body = { id, message: messages.at(-1), edits: edits.current, timeZone };
          edits.current = {};
          return { body };
        },
      }),
    [timeZone],
  );
  const { messages, sendMessage, status, error, addToolApprovalResponse, clearError } = useChat({
    id: chatId,
    messages: initialMessages,
    transport,
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    onFinish: ({ message }) => {
      const model = (message.metadata as { model?: string } | undefined)?.model;
      if (model) onModel(model);
      onSaved();
    },
  });
  const [text, setText] = useState("");
  const busy = status === "submitted" || status === "streaming";

  // The newest message stays in view as answers stream in and the panel resizes, unless the
  // person has scrolled up to read something older.
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new or growing message must re-run it
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const follow = () => {
      if (pinned.current) el.scrollTop = el.scrollHeight;
    };
    follow();
    const observer = new ResizeObserver(follow);
    observer.observe(el);
    return () => observer.disconnect();
  }, [messages]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = text.trim();
    if (!value || busy) return;
    clearError();
    sendMessage({ text: value });
    setText("");
  }

  function decide(approvalId: string, approved: boolean, edited: Record<string, unknown> | null) {
    if (edited) edits.current[approvalId] = edited;
    addToolApprovalResponse({ id: approvalId, approved });
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ol
        ref={list}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
        aria-label="Conversation"
        className="flex-1 space-y-3 overflow-y-auto p-3"
        aria-live="polite"
      >
        {messages.map((m) => (
          <li key={m.id} className={m.role === "user" ? "ml-8 rounded-md bg-sky-50 p-2" : "mr-2 space-y-2"}>
            {m.parts.map((part, i) => {
              if (part.type === "text") {
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: parts have no id; their order is stable
                  <div key={i} className="prose prose-sm max-w-none text-sm">
                    <Markdown>{part.text}</Markdown>
                  </div>
                );
              }
              if (part.type.startsWith("tool-")) {
                const p = part as unknown as ToolPartView;
                return <ToolCard key={p.toolCallId} part={p} timeZone={timeZone} onDecide={decide} />;
              }
              return null;
            })}
            {m.role === "assistant" && !(busy && m.id === messages.at(-1)?.id) ? (
              <RateAnswer
                chatId={chatId}
                messageId={m.id}
                initial={(m.metadata as { rating?: "up" | "down" } | undefined)?.rating ?? null}
              />
            ) : null}
          </li>
        ))}
        {status === "submitted" ? <li className="text-sm text-slate-500">Thinking…</li> : null}
      </ol>
      {error ? (
        <p role="alert" className="mx-3 rounded-md bg-red-50 p-2 text-sm text-red-800">
          {messageOf(error)}
        </p>
      ) : null}
      <form onSubmit={submit} className="flex gap-2 border-t border-slate-200 p-3">
        <label htmlFor="assistant-message" className="sr-only">
          Message
        </label>
        <textarea
          id="assistant-message"
          rows={2}
          className="min-w-0 flex-1 resize-none rounded-md border border-slate-300 p-2 text-sm"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) submit(e);
          }}
          placeholder="Back up /srv/www every night at 2…"
        />
        <button
          type="submit"
          disabled={busy || !text.trim()}
          className="self-end rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white disabled:opacity-60"
        >
          Send
        </button>
      </form>
    </div>
  );
}

/** A refused request answers with JSON {error:{message}}; show its words, not the JSON. */
function messageOf(error: Error): string {
  try {
    const parsed = JSON.parse(error.message) as { error?: { message?: string } };
    return parsed.error?.message ?? error.message;
  } catch {
    return error.message;
  }
}
