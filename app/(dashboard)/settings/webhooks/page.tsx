import type { Metadata } from "next";
import { ReportScheduleForm } from "@/components/settings/report-schedule";
import { AddWebhookForm, WebhookControls } from "@/components/settings/webhooks";
import { DataTable } from "@/components/ui/data-table";
import { Forbidden, PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { requirePageContext } from "@/lib/auth/next-context";
import { getReportSchedule, reportScheduleSaved } from "@/lib/services/reports";
import { listWebhooks } from "@/lib/services/webhooks";
import {
  addWebhookAction,
  removeWebhookAction,
  setReportScheduleAction,
  testWebhookAction,
  updateWebhookAction,
} from "./actions";

export const metadata: Metadata = { title: "Webhooks" };

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid URL)";
  }
};

export default async function WebhooksPage() {
  const { ctx, allowed } = await requirePageContext("admin");
  const header = (
    <PageHeader
      title="Settings · Webhooks"
      description="A JSON POST when a job fails, a run is missed, a drill fails or an RPO is breached (once per condition), when a job succeeds (when asked), and the weekly report."
    />
  );
  if (!allowed)
    return (
      <>
        {header}
        <Forbidden neededRole="admin" />
      </>
    );
  const [hooks, schedule, scheduleSaved] = await Promise.all([
    listWebhooks(ctx),
    getReportSchedule(ctx),
    reportScheduleSaved(ctx),
  ]);
  return (
    <>
      {header}
      <AddWebhookForm action={addWebhookAction} />
      <div className="mt-6">
        <DataTable
          label="Webhooks"
          columns={[
            { key: "target", header: "Sends to" },
            { key: "events", header: "Events", wide: true },
            { key: "state", header: "State" },
            { key: "added", header: "Added", wide: true },
            { key: "actions", header: "Actions" },
          ]}
          rows={hooks.map((h) => ({
            id: h.id,
            cells: {
              target: <span className="font-mono text-xs">{originOf(h.url)}/…</span>,
              events: h.onSuccess ? "failures and successes" : "failures",
              state: <StatusBadge status={h.enabled ? "enabled" : "disabled"} />,
              added: <Time value={h.createdAt} />,
              actions: (
                <WebhookControls
                  hook={{ id: h.id, origin: originOf(h.url), enabled: h.enabled }}
                  testAction={testWebhookAction}
                  updateAction={updateWebhookAction}
                  removeAction={removeWebhookAction}
                />
              ),
            },
          }))}
          empty="No webhooks. Add one to hear about failed backups in chat or on call."
        />
      </div>
      <ReportScheduleForm schedule={schedule} configured={scheduleSaved} action={setReportScheduleAction} />
    </>
  );
}
