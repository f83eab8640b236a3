// What check reports: one entry per problem, naming the pack, snapshot or blob it concerns, so
// the CLI can print it and the dashboard can show it later.
export type CheckErrorKind =
  | "index_unreadable"
  | "pack_missing"
  | "pack_size"
  | "index_past_end"
  | "pack_mixed"
  | "pack_header"
  | "pack_hash"
  | "pack_layout"
  | "blob_corrupt"
  | "blob_missing"
  | "tree_unreadable"
  | "snapshot_unreadable";

export interface CheckError {
  kind: CheckErrorKind;
  pack?: string;
  snapshot?: string;
  blob?: string;
  message: string;
}

export interface CheckResult {
  errors: CheckError[];
  /** Not errors: packs no index names (left by an interrupted backup or prune). */
  orphanedPacks: string[];
  snapshotsChecked: number;
  packsChecked: number;
  /** Packs read in full by --read-data (or the subset). */
  packsRead: number;
}

export type ReadDataSubset = { bucket: number; of: number } | { percent: number };
