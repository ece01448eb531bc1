import { randomInt } from "node:crypto";
import sshpk from "sshpk";
import { encrypt } from "unixcrypt";
import type { FirstBootLogin } from "@/lib/actions/commands/reinstall.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";

// How a customer gets into a reinstalled server: their SSH public key, or a root password the
// dashboard makes up and shows them once. Only the key, or the password's SHA-512 crypt hash, goes
// to the host agent (in the action's params, removed once the action ends); the password itself is
// answered to the customer and kept nowhere.

/** What the customer chose: `publicKey` is the one line of their `.pub` file. */
export type LoginChoice = { method: "ssh_key"; publicKey: string } | { method: "generated_password" };

/** The key types a current OpenSSH server takes; RSA from 2048 bits (shorter ones are refused by OpenSSH 9 too). */
const KEY_TYPES: Record<string, number> = { ed25519: 256, ecdsa: 256, rsa: 2048 };

/**
 * The customer's key as cloud-init will write it to authorized_keys, or a refusal that says what is
 * wrong. Parsed by sshpk, so a key is what OpenSSH would read, not what a pattern lets through; the
 * line given back is rebuilt from the parsed key and its comment, never the raw text.
 */
export function checkedPublicKey(text: string): string {
  const line = text.trim();
  if (line.includes("\n") || line.includes("\r")) throw invalidKey("several_lines", "Paste one key, on one line: the contents of your .pub file.");
  if (/PRIVATE KEY/.test(line)) throw invalidKey("private_key", "This is a private key. Paste the public key instead: the .pub file beside it. Keep the private key to yourself.");
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(line, "ssh");
  } catch {
    throw invalidKey("not_a_key", "This is not an SSH public key. Paste the one line of your .pub file, starting with ssh-ed25519, ssh-rsa or ecdsa-sha2-.");
  }
  const minimumBits = KEY_TYPES[key.type];
  if (minimumBits === undefined) throw invalidKey("type_not_accepted", `Keys of type ${key.type} are not accepted: use an Ed25519, ECDSA or RSA key.`, { keyType: key.type });
  if (key.size < minimumBits) {
    throw invalidKey("too_short", `This ${key.type.toUpperCase()} key has ${key.size} bits; at least ${minimumBits} are needed.`, { keyType: key.type, bits: key.size, minimumBits });
  }
  const comment = key.comment && /^[\x21-\x7e][\x20-\x7e]{0,199}$/.test(key.comment) ? ` ${key.comment}` : "";
  return `${key.toString("ssh").split(" ").slice(0, 2).join(" ")}${comment}`;
}

/** Why a key was refused, for clients to word it (`details.reason`), with the facts that go with it. */
export type InvalidKeyReason = "several_lines" | "private_key" | "not_a_key" | "type_not_accepted" | "too_short";

const invalidKey = (reason: InvalidKeyReason, message: string, facts: Record<string, unknown> = {}) =>
  new DomainError("invalid_ssh_key", message, { field: "login.publicKey", reason, ...facts });

/** No characters that read alike (0/O, 1/l/I) or that a keyboard layout moves: read off a screen, typed into a console. */
const PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** 20 of 56 characters: about 116 bits. */
const PASSWORD_LENGTH = 20;
const SALT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function generateRootPassword(): string {
  return Array.from({ length: PASSWORD_LENGTH }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join("");
}

/** The password as /etc/shadow keeps it: SHA-512 crypt (`$6$`, 5000 rounds) with a random 16-character salt. */
export function shadowHash(password: string): string {
  const salt = Array.from({ length: 16 }, () => SALT_ALPHABET[randomInt(SALT_ALPHABET.length)]).join("");
  return encrypt(password, `$6$${salt}`);
}

/**
 * What the agent is given for the customer's choice, and the password to show them once (none for
 * a key).
 */
export function firstBootLoginFor(choice: LoginChoice): { login: FirstBootLogin; rootPassword: string | null } {
  if (choice.method === "ssh_key") return { login: { sshKey: checkedPublicKey(choice.publicKey) }, rootPassword: null };
  const rootPassword = generateRootPassword();
  return { login: { passwordHash: shadowHash(rootPassword) }, rootPassword };
}

/** The server's name as a host name: one DNS label, lower case, what cloud-init sets. */
export function hostnameFor(serverName: string): string {
  const label = serverName
    // Ü becomes U and a combining mark, which goes: a letter keeps its base rather than becoming a dash.
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return label || "server";
}
