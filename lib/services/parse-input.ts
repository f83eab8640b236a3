// Service input is parsed with zod; a refusal becomes an invalid_input AppError whose message
// names the field ("schedule: …"), so the dashboard, the assistant and the CLI show one clear line.
import type { z } from "zod";
import { toAppError } from "@/lib/errors";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw toAppError(result.error);
  return result.data;
}
