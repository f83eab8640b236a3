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
  /**
   * Optional: a file of the type written piece by piece under a temporary name, which appears
   * whole under its real name only on commit(). Packs are streamed this way as they fill, so a
   * backup does not hold the pack it is building in memory (restic writes packs to temporary
   * files too). Backends without it get whole packs through write()/writeParts().
   */
  createPartial?(type: FileType): Promise<PartialFile>;
  /**
   * Optional, with createPartial: removes partial files that were never committed (their
   * writer was killed) and returns how many. Only safe while no writer can be running, i.e.
   * under an exclusive lock.
   */
  removePartials?(type: FileType): Promise<number>;
  /**
   * Optional: removes temporary files that processes of this host left when they died (never
   * another host's, never a running process's), and returns how many. Safe under any lock.
   */
  removeStaleTemporaries?(): Promise<number>;
  remove(type: FileType, name: string): Promise<void>;
  stat(type: FileType, name: string): Promise<{ size: number } | null>;
  /** Creates the layout for a new repository; fails if a config already exists. */
  create(): Promise<void>;
}

export interface PartialFile {
  /** Appends the parts in order. Calls must not overlap: await each before the next. */
  append(parts: Buffer[]): Promise<void>;
  /** Makes the bytes durable and visible as `name`; atomic like write(). */
  commit(name: string): Promise<void>;
  /** Removes the temporary file. */
  abort(): Promise<void>;
}

/** Object key / relative path of a file in restic's default layout. */
export function layoutPath(type: FileType, name: string): string {
  if (type === "config") return "config";
  if (type === "data") return `data/${name.slice(0, 2)}/${name}`;
  return `${type}/${name}`;
}
