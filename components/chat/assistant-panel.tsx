"use client";
import type { UIMessage } from "ai";
// The assistant, from every page: a button "Assistant" opens a side panel (full screen on a
// phone) with the current chat, a badge naming the model, and the saved chats to resume or delete.
import { Bot, MessageSquarePlus, Trash2, X } from "lucide-react";
import { Dialog } from "radix-ui";
import { useCallback, useEffect, useState } from "react";
import { ChatView } from "./chat-view";

interface ChatSummary {
  id: string;
  title: string;
  updatedAt: string;
}

export function AssistantPanel({ modelLabel }: { modelLabel: string }) {
  const [open, setOpen] = useState(false);
  const [chatId, setChatId] = useState<string>(() => crypto.randomUUID());
  const [initial, setInitial] = useState<UIMessage[]>([]);
  const [chats, setChats] = useState<ChatSummary[]>([]);
  const [model, setModel] = useState(modelLabel);
  // The server's choice changed (Settings → Assistant): the badge follows without a reload.
  useEffect(() => setModel(modelLabel), [modelLabel]);

  const refresh = useCallback(async () => {
    const response = await fetch("/api/chats");
    if (response.ok) setChats((await response.json()) as ChatSummary[]);
  }, []);
  useEffect(() => {
    if (open) void refresh();
  }, [open, refresh]);

  async function resume(id: string) {
    const response = await fetch(`/api/chats/${id}`);
    if (!response.ok) return;
    const chat = (await response.json()) as { id: string; messages: UIMessage[] };
    setInitial(chat.messages);
    setChatId(chat.id);
  }
  async function remove(id: string) {
    await fetch(`/api/chats/${id}`, { method: "DELETE" });
    if (id === chatId) startNew();
    await refresh();
  }
  function startNew() {
    setInitial([]);
    setChatId(crypto.randomUUID());
  }

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button
          type="button"
          className="fixed right-4 bottom-4 z-40 flex items-center gap-2 rounded-full bg-sky-700 px-4 py-2 text-sm font-medium text-white shadow-lg hover:bg-sky-800"
        >
          <Bot aria-hidden className="size-4" />
          Assistant
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed inset-0 z-50 flex flex-col bg-white shadow-xl sm:inset-y-0 sm:right-0 sm:left-auto sm:w-[28rem] sm:border-l sm:border-slate-200"
        >
          <header className="flex items-center gap-2 border-b border-slate-200 p-3">
            <Dialog.Title className="text-base font-semibold">Assistant</Dialog.Title>
            <span
              data-testid="model-badge"
              className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700"
            >
              {model}
            </span>
            <button
              type="button"
              onClick={startNew}
              className="ml-auto flex items-center gap-1 rounded px-2 py-1 text-xs ring-1 ring-slate-300"
            >
              <MessageSquarePlus aria-hidden className="size-3.5" />
              New chat
            </button>
            <Dialog.Close aria-label="Close" className="rounded p-1 hover:bg-slate-100">
              <X aria-hidden className="size-4" />
            </Dialog.Close>
          </header>
          {chats.length > 0 ? (
            <details className="border-b border-slate-200 px-3 py-2 text-sm">
              <summary className="cursor-pointer">Chats ({chats.length})</summary>
              <ul aria-label="Chats" className="mt-1 max-h-40 space-y-1 overflow-y-auto">
                {chats.map((c) => (
                  <li key={c.id} className="flex items-center gap-2">
                    <button
                      type="button"
                      onClick={() => resume(c.id)}
                      className="min-w-0 flex-1 truncate text-left text-sky-800 underline"
                    >
                      {c.title}
                    </button>
                    <button type="button" aria-label={`Delete chat ${c.title}`} onClick={() => remove(c.id)}>
                      <Trash2 aria-hidden className="size-3.5 text-red-700" />
                    </button>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <ChatView
            key={chatId}
            chatId={chatId}
            initialMessages={initial}
            onModel={setModel}
            onSaved={refresh}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
