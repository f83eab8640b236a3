// Commands that work on a repository directly, like restic's. Adding one: one import, one entry.
import type { Command } from "../types";
import backup from "./backup";
import check from "./check";
import copy from "./copy";
import dump from "./dump";
import forget from "./forget";
import init from "./init";
import key from "./key";
import ls from "./ls";
import prune from "./prune";
import restore from "./restore";
import snapshots from "./snapshots";
import unlock from "./unlock";

export const engineCommands: Command[] = [
  init,
  backup,
  snapshots,
  ls,
  restore,
  dump,
  forget,
  prune,
  check,
  key,
  unlock,
  copy,
];
