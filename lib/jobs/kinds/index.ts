// Job kind → handler, for the worker (lib/jobs/worker.ts). Each kind's module also exports its
// handler as run<Kind>Job and default, which lib/jobs/handlers.ts loads lazily.
import type { JobHandlers } from "../types";
import { runBackupJob } from "./backup";
import { runCheckJob } from "./check";
import { runForgetJob } from "./forget";
import { runRestoreJob } from "./restore";
import { runVerifyJob } from "./verify";

export const jobHandlers: JobHandlers = {
  backup: runBackupJob,
  restore: runRestoreJob,
  verify: runVerifyJob,
  forget: runForgetJob,
  check: runCheckJob,
};
