"use client";
// "Verify": starts a drill of this restore point and opens the job, whose end updates the page.
import { ShieldCheck } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { type Action, runAction } from "@/components/ui/run-action";

export function VerifyButton({
  action,
  restorePoint,
}: {
  action: Action<{ restorePoint: string }, { id: string }>;
  restorePoint: string;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="secondary"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const result = await runAction(action({ restorePoint }), "Drill queued");
          if (result.ok) router.push(`/jobs/${result.data.id}`);
        })
      }
    >
      <ShieldCheck aria-hidden="true" className="size-4" />
      Verify
    </Button>
  );
}
