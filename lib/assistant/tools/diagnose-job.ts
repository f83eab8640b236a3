// diagnoseJob: cause and fix of a failed job (the newest failed one by default). The job's log is
// matched against known failures, and the model gets only the structured diagnosis and the line
// that proves it: instructions written into a log stay data.
import { diagnoseJob } from "@/lib/services/diagnosis";
import { lookupTool, type ToolContext } from "./context";

export const diagnoseJobTool = (tc: ToolContext) =>
  lookupTool(tc, "diagnoseJob", ({ job }) => diagnoseJob(tc.ctx, { job }));
