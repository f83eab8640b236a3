// What can be backed up: folders and PostgreSQL databases. The job kinds use only this file.
export { backupDirectory, restoreDirectory, snapshotPathOf } from "./directory";
export { assertDatabaseName, defaultDatabaseTarget, defaultDirectoryTarget, restoreStamp } from "./names";
export { backupPostgres, dumpFileName } from "./postgres-backup";
export { restorePostgres, verifyPostgres } from "./postgres-restore";
export { probeDatabase, probeDirectory } from "./probe";
export type * from "./types";
export { verifyDirectory } from "./verify-files";
