// Tree blobs: {"nodes":[…]}\n with nodes sorted by raw name bytes and encoded exactly as restic
// 0.14 encodes them, so a tree's ID (the SHA-256 of these bytes) matches restic's.
import { EngineError } from "./errors";
import { goJsonBytes, goJsonString, goQuoteInner, goUnquoteInner, parseJsonWithBigInts } from "./go-json";
import { isValidUtf8, type Node, nameBytes } from "./node";

/**
 * One node as restic 0.14 writes it (field order and omissions as Go's encoding/json does). Built
 * by concatenation: an array of fields joined made ~2 KB of garbage per node in a backup walk.
 */
function nodeJson(n: Node, name: Buffer = nameBytes(n)): string {
  let s = `{"name":${goJsonString(goQuoteInner(name))},"type":${goJsonString(n.type)}`;
  if (n.mode) s += `,"mode":${n.mode}`;
  s += `,"mtime":"${n.mtime}","atime":"${n.atime}","ctime":"${n.ctime}","uid":${n.uid},"gid":${n.gid}`;
  if (n.user) s += `,"user":${goJsonString(n.user)}`;
  if (n.group) s += `,"group":${goJsonString(n.group)}`;
  if (n.inode) s += `,"inode":${n.inode}`;
  if (n.deviceId) s += `,"device_id":${n.deviceId}`;
  if (n.size) s += `,"size":${n.size}`;
  if (n.links) s += `,"links":${n.links}`;
  // The raw bytes, when known, decide how invalid UTF-8 is written (see goJsonBytes).
  if (n.linktargetRaw?.length) s += `,"linktarget":${goJsonBytes(n.linktargetRaw)}`;
  else if (n.linktarget) s += `,"linktarget":${goJsonString(n.linktarget)}`;
  if (n.extendedAttributes?.length) {
    const xs = n.extendedAttributes.map(
      (x) => `{"name":${goJsonString(x.name)},"value":"${x.value.toString("base64")}"}`,
    );
    s += `,"extended_attributes":[${xs.join(",")}]`;
  }
  if (n.device) s += `,"device":${n.device}`;
  if (n.content === null) s += ',"content":null';
  else {
    s += ',"content":[';
    for (let i = 0; i < n.content.length; i++) s += i ? `,"${n.content[i]}"` : `"${n.content[i]}"`;
    s += "]";
  }
  if (n.subtree) s += `,"subtree":"${n.subtree}"`;
  if (n.error) s += `,"error":${goJsonString(n.error)}`;
  return `${s}}`;
}

/** The nodes with their names as bytes (made once: sorting compares each name many times). */
function byNameBytes(nodes: Node[]): { node: Node; name: Buffer }[] {
  return nodes
    .map((node) => ({ node, name: nameBytes(node) }))
    .sort((a, b) => Buffer.compare(a.name, b.name));
}

export function sortNodes(nodes: Node[]): Node[] {
  return byNameBytes(nodes).map((e) => e.node);
}

export function serializeTree(nodes: Node[]): Buffer {
  const sorted = byNameBytes(nodes);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i - 1].name.equals(sorted[i].name)) {
      throw new EngineError("invalid_argument", `duplicate name "${sorted[i].node.name}" in a tree`);
    }
  }
  let json = '{"nodes":[';
  for (let i = 0; i < sorted.length; i++) json += (i ? "," : "") + nodeJson(sorted[i].node, sorted[i].name);
  return Buffer.from(`${json}]}\n`, "utf8");
}

type RawNode = Record<string, unknown>;

/** Any UTF-16 surrogate: names with one (emoji, or broken text) take the exact, slower path. */
const SURROGATE = /[\ud800-\udfff]/;

const big = (v: unknown): bigint | undefined =>
  v === undefined || v === null ? undefined : BigInt(v as string | number);

function nodeFromJson(raw: RawNode): Node {
  if (typeof raw.name !== "string" || raw.name === "")
    throw new EngineError("corrupt", "tree node without a name");
  // Without escapes the name is its own text (the common case: no bytes to decode and encode).
  const plain = !raw.name.includes("\\") && !SURROGATE.test(raw.name);
  const nameRaw = plain ? undefined : goUnquoteInner(raw.name);
  const node: Node = {
    name: nameRaw ? nameRaw.toString("utf8") : raw.name,
    type: raw.type as Node["type"],
    mode: raw.mode as number | undefined,
    mtime: raw.mtime as string,
    atime: raw.atime as string,
    ctime: raw.ctime as string,
    uid: Number(raw.uid ?? 0),
    gid: Number(raw.gid ?? 0),
    user: raw.user as string | undefined,
    group: raw.group as string | undefined,
    inode: big(raw.inode),
    deviceId: big(raw.device_id),
    size: big(raw.size),
    links: big(raw.links),
    linktarget: raw.linktarget as string | undefined,
    device: big(raw.device),
    content: (raw.content as string[] | null) ?? null,
    subtree: raw.subtree as string | undefined,
    error: raw.error as string | undefined,
  };
  if (nameRaw && !isValidUtf8(nameRaw)) node.nameRaw = nameRaw;
  // Newer restic writes the exact bytes of a non-UTF-8 target here; they win over linktarget.
  if (typeof raw.linktarget_raw === "string") node.linktargetRaw = Buffer.from(raw.linktarget_raw, "base64");
  const xattrs = raw.extended_attributes as { name: string; value: string }[] | undefined;
  if (xattrs?.length)
    node.extendedAttributes = xattrs.map((x) => ({
      name: x.name,
      value: Buffer.from(x.value ?? "", "base64"),
    }));
  // Fields restic left out stay present as undefined: deleting them turned every node into a
  // slow dictionary-mode object (tree parsing was 5 µs a node).
  return node;
}

export function parseTree(bytes: Buffer): Node[] {
  let raw: { nodes?: RawNode[] | null };
  try {
    raw = parseJsonWithBigInts(bytes.toString("utf8"));
  } catch (err) {
    throw new EngineError("corrupt", "tree blob is not valid JSON", { cause: err });
  }
  return (raw.nodes ?? []).map(nodeFromJson);
}
