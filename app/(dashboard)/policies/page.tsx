import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { RunNowButton } from "@/components/jobs/run-now-button";
import { PolicyAdmin } from "@/components/policies/policy-admin";
import { PolicyFormDialog } from "@/components/policies/policy-form";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { requirePageContext } from "@/lib/auth/next-context";
import { hasRole } from "@/lib/auth/roles";
import { cronInWords, retentionInWords } from "@/lib/policy-words";
import { listAssets } from "@/lib/services/assets";
import { listPolicies, type PolicySummary } from "@/lib/services/policies";
import { listRepositories } from "@/lib/services/repositories";
import {
  createPolicyAction,
  deletePolicyAction,
  runPolicyNowAction,
  setPolicyEnabledAction,
  suggestPolicyAction,
  updatePolicyAction,
} from "./actions";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const { ctx, actor } = await requirePageContext();
  const [policies, assets, repositories] = await Promise.all([
    listPolicies(ctx),
    listAssets(ctx),
    listRepositories(ctx),
  ]);
  const isAdmin = hasRole(actor, "admin");
  const canRun = hasRole(actor, "operator");
  const assetOptions = assets.map((a) => ({ id: a.id, name: a.name }));
  const repoOptions = repositories.map((r) => ({ id: r.id, name: r.name, isDefault: r.isDefault }));
  const values = (p: PolicySummary) => ({
    id: p.id,
    name: p.name,
    assets: p.assets.map((a) => a.id),
    schedule: p.schedule,
    timezone: p.timezone,
    retention: p.retention,
    repository: p.repository.id,
    windowStart: p.windowStart,
    windowEnd: p.windowEnd,
    rpoHours: p.rpoHours,
    enabled: p.enabled,
  });
  return (
    <>
      <PageHeader
        title="Policies"
        description="When each asset is backed up, where to, and for how long it is kept."
      >
        {isAdmin ? (
          <PolicyFormDialog
            title="Create policy"
            trigger={
              <Button>
                <Plus aria-hidden="true" className="size-4" />
                Create policy
              </Button>
            }
            assets={assetOptions}
            repositories={repoOptions}
            action={createPolicyAction}
            suggestAction={suggestPolicyAction}
          />
        ) : null}
      </PageHeader>
      {policies.length === 0 ? (
        <EmptyState title="No policies yet.">
          <p className="text-sm text-slate-600">
            {assets.length === 0
              ? "Add an asset in the inventory first, then create a policy that backs it up."
              : isAdmin
                ? "Create a policy to back up your assets on a schedule."
                : "An administrator creates policies here."}
          </p>
          {assets.length === 0 ? (
            <Link href="/inventory" className="text-sm text-sky-800 underline">
              Go to the inventory
            </Link>
          ) : null}
        </EmptyState>
      ) : (
        <ul aria-label="Policies" className="flex flex-col gap-4">
          {policies.map((p) => (
            <li
              key={p.id}
              id={`policy-${p.id}`}
              className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
            >
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="flex items-center gap-2">
                  <h2 className="text-lg font-semibold">{p.name}</h2>
                  <StatusBadge status={p.enabled ? "enabled" : "disabled"} />
                </div>
                <div className="flex flex-wrap gap-2">
                  {canRun && p.assets.length ? (
                    <RunNowButton action={runPolicyNowAction} input={{ policy: p.id }} variant="secondary" />
                  ) : null}
                  {isAdmin ? (
                    <PolicyAdmin
                      policy={values(p)}
                      assets={assetOptions}
                      repositories={repoOptions}
                      updateAction={updatePolicyAction}
                      setEnabledAction={setPolicyEnabledAction}
                      deleteAction={deletePolicyAction}
                      suggestAction={suggestPolicyAction}
                    />
                  ) : null}
                </div>
              </div>
              <dl className="mt-3 grid grid-cols-1 gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
                <div>
                  <dt className="text-xs text-slate-500">Schedule</dt>
                  <dd>
                    {cronInWords(p.schedule)} <span className="text-slate-500">({p.timezone})</span>
                  </dd>
                  <dd className="text-slate-600">
                    Next: <Time value={p.nextRunAt} zone={p.timezone} fallback="none (disabled)" />
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-500">Assets</dt>
                  <dd>
                    {p.assets.map((a, i) => (
                      <span key={a.id}>
                        {i ? ", " : ""}
                        <Link href={`/inventory/${a.id}`} className="text-sky-800 hover:underline">
                          {a.name}
                        </Link>
                      </span>
                    ))}
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-500">Keeps</dt>
                  <dd>{retentionInWords(p.retention)}</dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-500">Repository · window · RPO</dt>
                  <dd>
                    {p.repository.name} · {p.windowStart ? `${p.windowStart}–${p.windowEnd}` : "any time"} ·{" "}
                    {p.rpoHours ? `${p.rpoHours} h` : "none"}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
