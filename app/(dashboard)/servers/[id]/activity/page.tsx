import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import * as z from "zod/mini";
import { ActivityList } from "@/components/servers/activity-list";
import { activityQuery } from "@/lib/contracts/activity";
import { serverActivity } from "@/lib/servers/list-server-activity";
import { serverForPage } from "@/lib/servers/page-server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("activity"))("title") };
}

export default async function ServerActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const server = await serverForPage((await params).id);
  const { cursor } = await searchParams;
  // The cursor the API takes; a link with one that names no page leads nowhere.
  const query = z.safeParse(activityQuery, cursor === undefined ? {} : { cursor });
  if (!query.success) notFound();
  const page = await serverActivity({ server, cursor: query.data.cursor });
  return (
    <div className="max-w-3xl">
      <ActivityList serverId={server.id} page={page} newest={!query.data.cursor} />
    </div>
  );
}
