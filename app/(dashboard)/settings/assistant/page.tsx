import type { Metadata } from "next";
import { OfflineOnlyForm } from "@/components/settings/assistant-model";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/next-context";
import { hasRole } from "@/lib/auth/roles";
import { assistantModelInfo } from "@/lib/services/settings";
import { setOfflineOnlyAction } from "./actions";

export const metadata: Metadata = { title: "Assistant" };

export default async function AssistantSettingsPage() {
  const { ctx, actor } = await requirePageContext();
  const info = await assistantModelInfo(ctx);
  const hosted = info.keyConfigured || info.endpoint !== null;
  return (
    <>
      <PageHeader title="Settings · Assistant" description="Which model answers in the assistant panel." />
      <Card>
        <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-xs text-slate-500">Answered by</dt>
            <dd className="font-medium" data-testid="assistant-provider">
              {info.provider}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Model</dt>
            <dd>
              {info.provider === "offline planner"
                ? info.offlineOnly && hosted
                  ? "built in, runs offline (chosen by an administrator)"
                  : "built in, runs offline"
                : (info.model ?? "the default model")}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Endpoint</dt>
            <dd className="font-mono text-xs">
              {info.provider === "offline planner"
                ? info.endpoint
                  ? `none (${info.endpoint} is configured, not used)`
                  : "none"
                : (info.endpoint ?? "api.openai.com")}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">API key</dt>
            <dd>{info.keyConfigured ? "set (not shown)" : "not set"}</dd>
          </div>
        </dl>
        <p className="mt-4 text-xs text-slate-600">
          Set OPENAI_API_KEY (and OPENAI_BASE_URL for a self-hosted server such as Ollama or vLLM,
          LIFEBOAT_MODEL for the model) in the server&apos;s environment and restart to change it.
        </p>
        {hasRole(actor, "admin") ? (
          <OfflineOnlyForm offlineOnly={info.offlineOnly} action={setOfflineOnlyAction} />
        ) : info.offlineOnly ? (
          <p className="mt-2 text-xs text-slate-600">
            An administrator chose the offline planner: nothing leaves this machine.
          </p>
        ) : null}
      </Card>
    </>
  );
}
