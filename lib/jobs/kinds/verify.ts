// The verify job kind (work in progress: the full handler lands shortly).
import type { JobHandler } from "../types";

export const runVerifyJob: JobHandler = async () => {
  throw new Error("verify jobs are not implemented yet");
};

export default runVerifyJob;
