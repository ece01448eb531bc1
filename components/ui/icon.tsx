import { createElement, type SVGProps } from "react";
import type { IconNode } from "lucide";

// One icon set, Lucide, drawn from its own icon data (the `lucide` package) by this component rather
// than through lucide-react: since 1.x lucide-react's icons are client components, so each icon a
// server component draws (the menu's, a card's) would send the icon's code and Lucide's base
// component to the browser with every page. Drawn here, an icon is markup alone wherever it is
// drawn, and a client component's icons cost only their few path strings.

const DEFAULT_ATTRIBUTES = {
  xmlns: "http://www.w3.org/2000/svg",
  width: 24,
  height: 24,
  viewBox: "0 0 24 24",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const satisfies SVGProps<SVGSVGElement>;

/** A Lucide icon, e.g. `<Icon icon={Server} className="size-5" />`: decorative (aria-hidden) unless given a label. */
export function Icon({ icon, label, ...props }: { icon: IconNode; label?: string } & Omit<SVGProps<SVGSVGElement>, "children">) {
  return (
    <svg {...DEFAULT_ATTRIBUTES} aria-hidden={label ? undefined : true} role={label ? "img" : undefined} aria-label={label} {...props}>
      {icon.map(([tag, attributes], index) => createElement(tag, { key: index, ...attributes }))}
    </svg>
  );
}
