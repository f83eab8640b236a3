"use client";
import { useEffect, useState } from "react";

/**
 * False in the server-rendered HTML, true once React runs. Forms that send a password keep their
 * submit button disabled until then: a disabled default button also blocks submitting with Enter,
 * so a click before hydration (or without JavaScript) can never send the form the browser's way.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
