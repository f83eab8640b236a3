"use client";
// The one table of the dashboard, on TanStack Table. Pages are server components, so cells arrive
// already rendered (React nodes are serialisable) and this component lays them out: headers,
// right-aligned numeric columns, an empty state, and a scroll container on narrow screens.
import { flexRender } from "@tanstack/react-table";
import { getCoreRowModel, useLegacyTable } from "@tanstack/react-table/legacy";
import type { ReactNode } from "react";

export interface Column {
  key: string;
  header: string;
  numeric?: boolean;
  /** Hidden below the sm breakpoint (phones), to keep the essentials readable. */
  wide?: boolean;
}

export interface TableRow {
  id: string;
  cells: Record<string, ReactNode>;
}

export function DataTable({
  label,
  columns,
  rows,
  empty,
}: {
  label: string;
  columns: Column[];
  rows: TableRow[];
  empty?: ReactNode;
}) {
  const table = useLegacyTable<TableRow>({
    data: rows,
    columns: columns.map((c) => ({
      id: c.key,
      header: c.header,
      accessorFn: (row: TableRow) => row.cells[c.key],
      cell: (info) => info.getValue() as ReactNode,
      meta: c,
    })),
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
  });
  const cls = (c: Column) =>
    `${c.numeric ? "whitespace-nowrap text-right tabular-nums" : "text-left"} ${c.wide ? "hidden sm:table-cell" : ""}`;
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
      <table aria-label={label} className="w-full text-sm">
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const c = header.column.columnDef.meta as Column;
                return (
                  <th key={header.id} scope="col" className={`px-3 py-2 font-medium ${cls(c)}`}>
                    {flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="align-middle">
              {row.getVisibleCells().map((cell) => {
                const c = cell.column.columnDef.meta as Column;
                return (
                  <td key={cell.id} className={`px-3 py-2 ${cls(c)}`}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                );
              })}
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-8 text-center text-slate-600">
                {empty ?? "Nothing here yet."}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
