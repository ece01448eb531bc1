import { generateKeyPairSync, type KeyObject } from "node:crypto";
import sshpk from "sshpk";

// SSH public keys for tests, made fresh each time: the line of an OpenSSH `.pub` file.

/** An Ed25519 key's line with any comment, hostile ones included: written by hand, so nothing tidies the comment. */
export function sshPublicKey(comment = "customer@laptop"): string {
  const der = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "der" });
  const raw = der.subarray(der.length - 32);
  const field = (bytes: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, bytes.length]), bytes]);
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from("ssh-ed25519")), field(raw)]).toString("base64")} ${comment}`;
}

export type KeyType = { type: "ed25519" } | { type: "rsa"; bits: number } | { type: "ec"; curve: "P-256" | "P-384" | "P-521" } | { type: "dsa"; bits: number };

/** A fresh key pair's public key as OpenSSH writes it (sshpk converts it), with `comment`. */
export function publicKeyLine(kind: KeyType, comment = "dana@laptop"): string {
  const key = sshpk.parseKey(publicKeyOf(kind).export({ type: "spki", format: "pem" }).toString(), "pem");
  key.comment = comment;
  return key.toString("ssh");
}

function publicKeyOf(kind: KeyType): KeyObject {
  switch (kind.type) {
    case "ed25519":
      return generateKeyPairSync("ed25519").publicKey;
    case "rsa":
      return generateKeyPairSync("rsa", { modulusLength: kind.bits }).publicKey;
    case "ec":
      return generateKeyPairSync("ec", { namedCurve: kind.curve }).publicKey;
    case "dsa":
      return generateKeyPairSync("dsa", { modulusLength: kind.bits, divisorLength: 160 }).publicKey;
  }
}
