"use client";

import { LogOut } from "lucide";
import { Icon } from "@/components/ui/icon";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";

// The confirmation is fetched when the button is first pressed, not with the page.
const SignOutEverywhereDialog = dynamic(() => import("./sign-out-everywhere-dialog").then((module) => module.SignOutEverywhereDialog), { ssr: false });

export type SignOutEverywhereWords = { button: string; title: string; description: string; confirm: string; pending: string; cancel: string };

/** Signs every browser of the account out, this one included, once confirmed. */
export function SignOutEverywhere({ words }: { words: SignOutEverywhereWords }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setAsking(true)} aria-haspopup="dialog" className="shrink-0">
        <Icon icon={LogOut} className="size-4" />
        {words.button}
      </Button>
      {asking && <SignOutEverywhereDialog words={words} onClose={() => setAsking(false)} />}
    </>
  );
}
