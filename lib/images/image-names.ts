// The display names of every image a server may carry, retired ones included (a server keeps the
// image it was installed with). Client-safe: the catalogue and the UI both read names from here.

export const IMAGE_NAMES = {
  "debian-12": "Debian 12",
  "ubuntu-24.04": "Ubuntu 24.04 LTS",
  "almalinux-9": "AlmaLinux 9",
  "centos-7": "CentOS 7",
  /** A domain that ran on the node before the dashboard knew it, imported by an operator as it is (named in the reader's words by the page). */
  imported: "Existing installation",
} as const;

export type ImageId = keyof typeof IMAGE_NAMES;

const NAMES: ReadonlyMap<string, string> = new Map(Object.entries(IMAGE_NAMES));

/**
 * "Debian 12" for "debian-12"; an id without a known name is shown as it is. The systems' names are
 * the same in every language; an imported installation is called `imported`, the reader's words for it
 * (the common messages' importedImage).
 */
export function imageName(id: string, imported: string): string {
  if (id === IMPORTED_IMAGE) return imported;
  return NAMES.get(id) ?? id;
}

/** The image of a server an operator imported from a domain already on its node. */
export const IMPORTED_IMAGE = "imported" satisfies ImageId;
