// The offline planner's inputs and outputs. It is a pure function of them: no database, no clock,
// no network, so the CLI dry run, the chat model and the tests all see the same plan.
export interface InventoryAsset {
  name: string;
  kind: "directory" | "postgres";
  path?: string;
  database?: string;
}
export interface InventoryPolicy {
  name: string;
  assets: string[];
  schedule?: string;
  retention?: Record<string, number>;
  enabled?: boolean;
}
export interface InventoryRepository {
  name: string;
  url?: string;
  default?: boolean;
}
/** Names only: never passwords or connection strings. */
export interface Inventory {
  assets: InventoryAsset[];
  policies: InventoryPolicy[];
  repositories: InventoryRepository[];
  /** Words this organisation taught for its assets by correcting drafts (aliases.ts). */
  aliases?: { word: string; asset: string }[];
}
export const emptyInventory: Inventory = { assets: [], policies: [], repositories: [] };

/** A turn of the conversation as the planner sees it. */
export type Turn =
  | { role: "user"; text: string }
  | { role: "assistant"; text: string; toolCalls?: PlannedCall[] }
  | { role: "tool"; toolName: string; input?: unknown; output: unknown; denied?: boolean; error?: boolean };

export interface PlannedCall {
  toolName: string;
  input: Record<string, unknown>;
}
export interface Plan {
  toolCalls: PlannedCall[];
  text: string;
}
export type Lang = "en" | "zh";

export interface PlanInput {
  messages: Turn[];
  inventory: Inventory;
  /** The clock, as an instant. */
  now: Date;
  /** The user's IANA time zone. */
  tz: string;
  /** Learned examples consulted before the grammar (examples.ts). */
  examples?: import("./examples").Example[];
}
