import type { Metadata } from "next";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "VPS Dashboard", template: "%s · VPS Dashboard" },
  description: "Your virtual servers, their memory, and ballooning settings.",
  icons: { icon: "/icon.svg" },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (proxy.ts), which a
  // page prerendered at build time could not.
  await connection();
  return (
    <html lang={await getLocale()}>
      <body>
        {children}
      </body>
    </html>
  );
}
