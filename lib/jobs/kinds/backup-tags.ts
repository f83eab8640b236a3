// The tags every Lifeboat snapshot carries: "lifeboat", the asset (retention selects by it) and,
// for policy runs, the policy.
export function backupTags(assetId: string, policyId: string | null): string[] {
  return ["lifeboat", `asset:${assetId}`, ...(policyId ? [`policy:${policyId}`] : [])];
}
