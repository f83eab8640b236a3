// The storage a repository lives on. Local folders and S3-compatible buckets implement it with
// restic's layout (RESTIC-FORMAT.md §1); everything above works only through this interface.

export type FileType = "config" | "keys" | "data" | "index" | "snapshots" | "locks";

export const FILE_TYPES: readonly FileType[] = ["config", "keys", "data", "index", "snapshots", "locks"];

export interface FileInfo {
  name: string;
  size: number;
}

export interface Backend {
  /** Human-readable location, for messages. */
  location(): string;
  list(type: FileType): AsyncIterable<FileInfo>;
  read(type: FileType, name: string, range?: { offset: number; length: number }): Promise<Buffer>;
  /** Atomic: readers see either nothing or the whole file. */
  write(type: FileType, name: string, bytes: Buffer): Promise<void>;
  /**
   * Optional: the same as write() of the parts joined, without joining them (a 16 MiB copy per
   * pack, and twice the pack's memory while it is written).
   */
  writeParts?(type: FileType, name: string, parts: Buffer[]): Promise<void>;
  remove(type: FileType, name: string): Promise<void>;
  stat(type: FileType, name: string): Promise<{ size: number } | null>;
  /** Creates the layout for a new repository; fails if a config already exists. */
  create(): Promise<void>;
}

/** Object key / relative path of a file in restic's default layout. */
export function layoutPath(type: FileType, name: string): string {
  if (type === "config") return "config";
  if (type === "data") return `data/${name.slice(0, 2)}/${name}`;
  return `${type}/${name}`;
}
