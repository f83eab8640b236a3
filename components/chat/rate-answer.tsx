"use client";
// Thumbs up / down under an answer: pressed state is the user's rating (aria-pressed, colour and
// icon); pressing the pressed one takes the rating back. Failures say why in a toast.
import { ThumbsDown, ThumbsUp } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";

type Rating = "up" | "down" | null;

export function RateAnswer({
  chatId,
  messageId,
  initial,
}: {
  chatId: string;
  messageId: string;
  initial: Rating;
}) {
  const [rating, setRating] = useState<Rating>(initial);
  const [pending, start] = useTransition();
  function rate(next: Rating) {
    start(async () => {
      const response = await fetch(`/api/chats/${chatId}/rating`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ messageId, rating: next }),
      }).catch(() => null);
      if (response?.ok) {
        setRating(next);
        return;
      }
      const body = (await response?.json().catch(() => null)) as { error?: { message?: string } } | null;
      toast.error(body?.error?.message ?? "The rating was not saved; try again.");
    });
  }
  const button = (value: "up" | "down", label: string, Icon: typeof ThumbsUp, on: string) => (
    <button
      type="button"
      aria-label={label}
      aria-pressed={rating === value}
      title={label}
      disabled={pending}
      onClick={() => rate(rating === value ? null : value)}
      className={`rounded p-1 focus-visible:outline-2 focus-visible:outline-slate-500 disabled:opacity-60 ${
        rating === value ? on : "text-slate-400 hover:text-slate-700"
      }`}
    >
      <Icon aria-hidden className="size-4" fill={rating === value ? "currentColor" : "none"} />
    </button>
  );
  return (
    <fieldset className="flex gap-1">
      <legend className="sr-only">Rate this answer</legend>
      {button("up", "Good answer", ThumbsUp, "text-emerald-700")}
      {button("down", "Bad answer", ThumbsDown, "text-red-700")}
    </fieldset>
  );
}
