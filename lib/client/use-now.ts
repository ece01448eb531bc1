"use client";

import { useEffect, useState } from "react";

/** The current time, ticking every second, for "updated N s ago" and staleness warnings. */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
