"use client";
// One EventSource per browser tab on /api/jobs/events, shared by every live view on the page.
// Views read the newest event of a job (useJobEvent) or hear every event (useJobEventListener).
// `connected` is false while the stream is down; views then poll (TanStack Query or refresh).
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import type { JobEvent } from "@/lib/jobs/events";

interface Store {
  latest: Map<string, JobEvent>;
  listeners: Set<(e: JobEvent) => void>;
  subscribe(fn: () => void): () => void;
  notify(): void;
}

const Ctx = createContext<{ store: Store; connected: boolean } | null>(null);

function createStore(): Store {
  const watchers = new Set<() => void>();
  return {
    latest: new Map(),
    listeners: new Set(),
    subscribe(fn) {
      watchers.add(fn);
      return () => watchers.delete(fn);
    },
    notify() {
      for (const w of watchers) w();
    },
  };
}

export function JobEventsProvider({ children }: { children: ReactNode }) {
  const storeRef = useRef<Store | null>(null);
  storeRef.current ??= createStore();
  const store = storeRef.current;
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource("/api/jobs/events");
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("job", (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as JobEvent;
      store.latest.set(event.id, event);
      for (const l of store.listeners) l(event);
      store.notify();
    });
    return () => source.close();
  }, [store]);
  const value = useMemo(() => ({ store, connected }), [store, connected]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useJobStream() {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useJobStream needs a JobEventsProvider");
  return ctx;
}

/** The newest event of this job since the page opened, or undefined. */
export function useJobEvent(id: string): JobEvent | undefined {
  const { store } = useJobStream();
  return useSyncExternalStore(
    store.subscribe,
    () => store.latest.get(id),
    () => undefined,
  );
}

export function useJobEventListener(fn: (event: JobEvent) => void) {
  const { store } = useJobStream();
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const listener = (e: JobEvent) => ref.current(e);
    store.listeners.add(listener);
    return () => {
      store.listeners.delete(listener);
    };
  }, [store]);
}
