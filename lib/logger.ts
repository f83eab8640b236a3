// One structured logger for the web process, workers and the CLI. Logs go to stderr so CLI
// commands keep stdout for their results (--json).
import pino from "pino";

export const logger = pino(
  { level: process.env.LOG_LEVEL ?? "info", base: undefined },
  pino.destination({ dest: 2, sync: true }),
);
