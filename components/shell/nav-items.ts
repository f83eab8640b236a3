// The dashboard's areas. Later issues flip `ready` when their page exists; the shell links only
// pages that exist.
export interface NavItem {
  href: string;
  label: string;
  ready: boolean;
}

export const navItems: NavItem[] = [
  { href: "/", label: "Overview", ready: true },
  { href: "/inventory", label: "Inventory", ready: true },
  { href: "/policies", label: "Policies", ready: true },
  { href: "/restore-points", label: "Restore points", ready: true },
  { href: "/jobs", label: "Jobs", ready: true },
  { href: "/recovery", label: "Recovery", ready: true },
  { href: "/reports", label: "Reports", ready: true },
  { href: "/repositories", label: "Repositories", ready: true },
  { href: "/settings/users", label: "Settings", ready: true },
];
