// The dashboard's areas. Later issues flip `ready` when their page exists; the shell links only
// pages that exist.
export interface NavItem {
  href: string;
  label: string;
  ready: boolean;
}

export const navItems: NavItem[] = [
  { href: "/", label: "Overview", ready: true },
  { href: "/inventory", label: "Inventory", ready: false },
  { href: "/policies", label: "Policies", ready: false },
  { href: "/restore-points", label: "Restore points", ready: false },
  { href: "/jobs", label: "Jobs", ready: false },
  { href: "/repositories", label: "Repositories", ready: false },
  { href: "/settings/users", label: "Settings", ready: true },
];
