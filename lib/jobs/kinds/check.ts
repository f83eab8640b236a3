// The check job kind (work in progress: the full handler lands shortly).
import type { JobHandler } from "../types";

export const runCheckJob: JobHandler = async () => {
  throw new Error("check jobs are not implemented yet");
};

export default runCheckJob;
