// The backup job kind (work in progress: the full handler lands shortly).
import type { JobHandler } from "../types";

export const runBackupJob: JobHandler = async () => {
  throw new Error("backup jobs are not implemented yet");
};

export default runBackupJob;
