import * as z from "zod/mini";
import { findImage, listImages } from "./catalogue.ts";

// A reinstall offers only the images whose base volume the server's node has: its agent reports the
// catalogue's base volumes it sees in the node's image pool (hosts.image_volumes). A node whose agent
// has not reported them offers none, rather than an image whose disk the reinstall could not make.

const reportedVolumes = z.array(z.string());

/** The catalogue's images the host has, in the catalogue's order; none while the host has not reported its volumes. */
export function imagesOnHost(stored: unknown): { id: string; name: string }[] {
  const parsed = z.safeParse(reportedVolumes, stored);
  if (!parsed.success) return [];
  const present = new Set(parsed.data);
  return listImages().filter((image) => {
    const found = findImage(image.id);
    return found !== undefined && present.has(found.baseVolume);
  });
}
