"use client";
// The signed-in frame: navigation, who is signed in and as what, sign-out, and a slot on the
// right for the assistant panel and one in the header for its button (filled by a later issue).
// A drawer on phones, a sidebar above.
import { type ReactNode, useState } from "react";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

interface ShellProps {
  user: { email: string; name: string; role: string };
  assistant?: ReactNode;
  /** Buttons at the top right (the assistant's, later); on phones next to "Menu". */
  headerActions?: ReactNode;
  children: ReactNode;
}

export function AppShell({ user, assistant, headerActions, children }: ShellProps) {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 md:hidden">
        <span className="font-semibold text-sky-800">Lifeboat</span>
        <div className="flex items-center gap-2">
          {headerActions}
          <button
            type="button"
            className="rounded-md px-2 py-1 text-sm ring-1 ring-slate-300"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </button>
        </div>
      </header>
      <aside
        id="main-nav"
        className={`${menuOpen ? "flex" : "hidden"} w-full flex-col gap-6 border-b border-slate-200 bg-white p-4 md:flex md:w-60 md:shrink-0 md:border-r md:border-b-0`}
      >
        <span className="hidden text-lg font-semibold text-sky-800 md:block">Lifeboat</span>
        <nav aria-label="Main" className="flex-1">
          <NavLinks onNavigate={() => setMenuOpen(false)} />
        </nav>
        <section aria-label="Signed in user" className="flex flex-col gap-2 border-t border-slate-200 pt-4">
          <p className="truncate text-sm font-medium" title={user.email}>
            {user.name}
          </p>
          <p className="truncate text-xs text-slate-600">{user.email}</p>
          <p>
            <span
              data-testid="user-role"
              className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700"
            >
              {user.role}
            </span>
          </p>
          <SignOutButton />
        </section>
      </aside>
      <main className="min-w-0 flex-1 p-4 sm:p-6 lg:p-8">
        {headerActions ? <div className="mb-4 hidden justify-end gap-2 md:flex">{headerActions}</div> : null}
        {children}
      </main>
      {assistant ? (
        <aside
          aria-label="Assistant"
          className="border-t border-slate-200 bg-white lg:w-96 lg:shrink-0 lg:border-t-0 lg:border-l"
        >
          {assistant}
        </aside>
      ) : null}
    </div>
  );
}
