// The AWS SDK's S3 client takes 100-170 ms to load, more than a small prune's whole run: it is
// required on first use, by the first S3 backend, so opening a local repository (and loading the
// engine's index.ts) never pays for it.
import type * as Sdk from "@aws-sdk/client-s3";
import { requireCjs } from "../require-cjs";

let sdk: typeof Sdk | undefined;

export function s3Sdk(): typeof Sdk {
  sdk ??= requireCjs("@aws-sdk/client-s3") as typeof Sdk;
  return sdk;
}
