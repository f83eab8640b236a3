// The forget job kind (work in progress: the full handler lands shortly).
import type { JobHandler } from "../types";

export const runForgetJob: JobHandler = async () => {
  throw new Error("forget jobs are not implemented yet");
};

export default runForgetJob;
