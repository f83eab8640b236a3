"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const sections = [
  { href: "/settings/users", label: "Users" },
  { href: "/settings/webhooks", label: "Webhooks" },
  { href: "/settings/assistant", label: "Assistant" },
  { href: "/settings/examples", label: "Learned examples" },
];

export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="mb-4 flex gap-1 border-b border-slate-200">
      {sections.map((s) => {
        const active = pathname === s.href;
        return (
          <Link
            key={s.href}
            href={s.href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
              active
                ? "border-sky-700 text-slate-900"
                : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
          >
            {s.label}
          </Link>
        );
      })}
    </nav>
  );
}
