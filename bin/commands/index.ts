// The registry of CLI commands: adding a command is one import and one entry here.
import { assetCommands } from "./asset";
import chat from "./chat";
import { engineCommands } from "./engine/index";
import { exampleCommands } from "./examples";
import help from "./help";
import { jobCommands } from "./job";
import plan from "./plan";
import { pointCommands } from "./point";
import { policyCommands } from "./policy";
import policySuggest from "./policy-suggest";
import report from "./report";
import { repositoryCommands } from "./repository";
import type { Command } from "./types";
import userCreate from "./user-create";
import { webhookCommands } from "./webhook";
import worker from "./worker";

export const commands: Command[] = [
  help,
  userCreate,
  ...engineCommands,
  worker,
  ...webhookCommands,
  ...repositoryCommands,
  ...assetCommands,
  ...policyCommands,
  policySuggest,
  ...pointCommands,
  ...jobCommands,
  plan,
  report,
  chat,
  ...exampleCommands,
];
