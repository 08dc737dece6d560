/**
 * Host inventory: which targets exist, how to reach them, which users may be requested and which host keys are
 * pinned. Holds no secrets. Loaded once at worker start-up and validated strictly (unknown keys are refused).
 * @module
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseDocument } from 'yaml';
import { z } from 'zod';

const HostSchema = z
  .object({
    alias: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'alias must be 1-63 chars of [A-Za-z0-9._-]'),
    address: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535).default(22),
    users: z.array(z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'not a valid POSIX user name')).min(1),
    tags: z.array(z.string().min(1).max(64)).default([]),
    /** OpenSSH public host keys (`ssh-ed25519 AAAA...`) pinned for this host; at least one. */
    host_keys: z
      .array(
        z
          .string()
          .regex(/^(ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521|ssh-rsa) [A-Za-z0-9+/=]+/),
      )
      .min(1),
    description: z.string().max(200).optional(),
  })
  .strict();

const InventorySchema = z.object({ hosts: z.array(HostSchema).min(1) }).strict();

/** One target host. `hostKeys` are OpenSSH public-key lines without comments. */
export interface HostEntry {
  alias: string;
  address: string;
  port: number;
  users: string[];
  tags: string[];
  hostKeys: string[];
  description?: string;
}

/** Parsed, frozen inventory. */
export interface Inventory {
  readonly hosts: readonly HostEntry[];
  /** @returns the host with this alias, or undefined. */
  byAlias(alias: string): HostEntry | undefined;
}

/** Thrown for an unreadable or invalid inventory; the message names the file and the offending key. */
export class InventoryError extends Error {
  override name = 'InventoryError';
}

/**
 * Parses inventory YAML text.
 * @param text YAML with a top-level `hosts:` list.
 * @param source file name used in error messages.
 * @throws {@link InventoryError} on YAML syntax errors, unknown keys, bad values or duplicate aliases.
 */
export function parseInventory(text: string, source = 'inventory'): Inventory {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new InventoryError(`${source}: ${doc.errors[0]!.message}`);
  }
  const parsed = InventorySchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InventoryError(`${source}: ${issues.join('; ')}`);
  }
  const seen = new Set<string>();
  const hosts: HostEntry[] = parsed.data.hosts.map((h, i) => {
    if (seen.has(h.alias)) throw new InventoryError(`${source}: hosts.${i}.alias: duplicate alias '${h.alias}'`);
    seen.add(h.alias);
    if (isIP(h.address) === 0 && !/^[A-Za-z0-9.-]+$/.test(h.address)) {
      throw new InventoryError(`${source}: hosts.${i}.address: not an IP address or DNS name`);
    }
    return Object.freeze({
      alias: h.alias,
      address: h.address,
      port: h.port,
      users: [...h.users],
      tags: [...h.tags],
      hostKeys: h.host_keys.map((k) => k.split(/\s+/).slice(0, 2).join(' ')),
      ...(h.description !== undefined ? { description: h.description } : {}),
    });
  });
  const index = new Map(hosts.map((h) => [h.alias, h]));
  return Object.freeze({ hosts: Object.freeze(hosts), byAlias: (alias: string) => index.get(alias) });
}

/**
 * Reads and parses an inventory file.
 * @throws {@link InventoryError} when the file cannot be read or is invalid.
 */
export function loadInventory(path: string): Inventory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InventoryError(`${path}: cannot read inventory (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseInventory(text, path);
}
