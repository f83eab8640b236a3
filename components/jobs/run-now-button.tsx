"use client";
// "Run now": queues the backup and takes the user to where it can be watched (the job itself,
// or the job list when a policy started several).
import { Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { type Action, runAction } from "@/components/ui/run-action";

export function RunNowButton<I>({
  action,
  input,
  variant = "primary",
}: {
  action: Action<I, { jobIds: string[] }>;
  input: I;
  variant?: "primary" | "secondary";
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      variant={variant}
      disabled={pending}
      onClick={() =>
        start(async () => {
          const result = await runAction(action(input), (d) =>
            d.jobIds.length === 1 ? "Backup queued" : `${d.jobIds.length} backups queued`,
          );
          if (!result.ok) return;
          const [only] = result.data.jobIds;
          router.push(result.data.jobIds.length === 1 && only ? `/jobs/${only}` : "/jobs");
        })
      }
    >
      <Play aria-hidden="true" className="size-4" />
      Run now
    </Button>
  );
}
