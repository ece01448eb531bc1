import { LoaderCircle } from "lucide-react";

/** A small spinning ring for work in progress; decorative, so say what is happening in text nearby. */
export function Spinner({ className = "size-4" }: { className?: string }) {
  return <LoaderCircle aria-hidden className={`animate-spin ${className}`} />;
}
