import { LoaderCircle } from "lucide";
import { Icon } from "./icon";

/** A small spinning ring for work in progress; decorative, so say what is happening in text nearby. */
export function Spinner({ className = "size-4" }: { className?: string }) {
  return <Icon icon={LoaderCircle} className={`animate-spin ${className}`} />;
}
