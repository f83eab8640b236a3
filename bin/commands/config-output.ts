// Output shared by the repository, asset and policy commands: `--json` for scripts, otherwise an
// aligned table a person can read in a terminal.

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Columns aligned for a terminal, one line a row. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}

export function printTable(header: string[], rows: string[][]): void {
  process.stdout.write(formatTable(header, rows));
}

/** "2026-11-28 21:00Z" (UTC), or "-" for nothing. */
export function shortTime(at: Date | string | null | undefined): string {
  if (!at) return "-";
  return `${new Date(at).toISOString().slice(0, 16).replace("T", " ")}Z`;
}

export function humanBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "-";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Missing or malformed flags: one line saying what is wrong, exit 1, nothing changed. */
export function usageError(command: string, problem: string): number {
  process.stderr.write(`lifeboat: ${problem} (see \`lifeboat ${command} --help\`)\n`);
  return 1;
}

/** `--help`: the usage text on stdout, exit 0. */
export function printUsage(usage: string): number {
  process.stdout.write(usage);
  return 0;
}
