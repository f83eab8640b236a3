import type { ButtonHTMLAttributes } from "react";

const variants = {
  primary: "bg-sky-700 text-[#fff] hover:bg-sky-600 focus-visible:outline-sky-700",
  secondary:
    "bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100 focus-visible:outline-slate-500",
  danger: "bg-white text-red-700 ring-1 ring-red-300 hover:bg-red-50 focus-visible:outline-red-600",
};

export function Button({
  variant = "primary",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof variants }) {
  return (
    <button
      className={`inline-flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-60 ${variants[variant]} ${className}`}
      {...props}
    />
  );
}
