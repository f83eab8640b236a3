// Where a file of a restore point downloads from (shared by server and client components).
export function downloadHref(restorePoint: string, path: string) {
  return `/api/restore-points/${restorePoint}/file?path=${encodeURIComponent(path)}`;
}

/** Where a folder of a restore point downloads from, as a tar. */
export function archiveHref(restorePoint: string, path: string) {
  return `/api/restore-points/${restorePoint}/archive?path=${encodeURIComponent(path)}`;
}
