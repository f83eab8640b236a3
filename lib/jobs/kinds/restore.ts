// The restore job kind (work in progress: the full handler lands shortly).
import type { JobHandler } from "../types";

export const runRestoreJob: JobHandler = async () => {
  throw new Error("restore jobs are not implemented yet");
};

export default runRestoreJob;
