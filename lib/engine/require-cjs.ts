// The engine's CommonJS dependencies (sodium-native, zstd-napi, ignore) are loaded with require,
// not import. When ESM imports a CommonJS module, Node first scans its source for the names it
// exports: for sodium-native's 3,000-line index that took ~50 ms against ~17 ms for require,
// and every thread that seals or compresses (the main one and each backup or restore worker)
// pays it at start-up.
import { createRequire } from "node:module";

export const requireCjs = createRequire(import.meta.url);
