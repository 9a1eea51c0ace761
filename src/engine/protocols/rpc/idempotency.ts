/**
 * The server's idempotency-key table (the contract; the RPC engine implements `admit`). A client
 * sends every attempt of one logical request with the same key and the same body; the server
 * records the key before it runs the side effect and stores the answer after. Outcomes follow
 * what payment APIs document (Stripe, "Idempotent requests": a completed key replays its stored
 * answer; a key still running is refused with 409; the same key with a different body is
 * rejected; keys expire, 24 h there) and IETF draft-ietf-httpapi-idempotency-key-header §2.
 * Whether the table survives a crash is a server setting ("persist dedup table", CURRICULUM L15).
 */

/** What the table holds for one key. Times are virtual ms. */
export type DedupEntry =
  | { readonly state: 'in-flight'; readonly bodyHash: number; readonly since: number }
  | {
      readonly state: 'completed';
      readonly bodyHash: number;
      /** The stored answer, replayed verbatim to a retry. */
      readonly response: string;
      readonly completedAt: number;
      readonly expiresAt: number;
    };

/**
 * What the server does with an attempt, given the entry for its key (undefined: none):
 * - `execute`: no entry, or an expired one → record in-flight, run the side effect;
 * - `replay`: completed, same body, not expired → return the stored answer, no side effect;
 * - `in-flight`: another attempt with this key is still running → refuse (409), no side effect;
 * - `mismatch`: same key, different body → reject (422), no side effect.
 */
export type Admission =
  | { readonly kind: 'execute'; readonly expiredEntry: boolean }
  | { readonly kind: 'replay'; readonly response: string }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'mismatch' };

/**
 * What the server does with an attempt carrying a key whose entry is `entry` (undefined: none),
 * at server time `now` (ms), for a body whose hash is `bodyHash` (see `Admission`). A completed
 * entry whose `expiresAt` is ≤ now counts as gone: the attempt executes again (`expiredEntry`).
 * Pure: the caller records the in-flight entry when the answer is `execute`.
 */
export function admit(entry: DedupEntry | undefined, bodyHash: number, now: number): Admission {
  if (entry === undefined) return { kind: 'execute', expiredEntry: false };
  if (entry.state === 'completed' && entry.expiresAt <= now)
    return { kind: 'execute', expiredEntry: true };
  if (entry.bodyHash !== bodyHash) return { kind: 'mismatch' };
  if (entry.state === 'in-flight') return { kind: 'in-flight' };
  return { kind: 'replay', response: entry.response };
}

/**
 * The entry once the side effect is done and its answer known: kept until `now + ttlMs`.
 * The server writes it together with the effect (one disk write), so a retry after a crash
 * finds either both or neither.
 */
export function complete(
  entry: DedupEntry,
  response: string,
  now: number,
  ttlMs: number,
): DedupEntry {
  return {
    state: 'completed',
    bodyHash: entry.bodyHash,
    response,
    completedAt: now,
    expiresAt: now + ttlMs,
  };
}

/**
 * The table as it is read back after a crash: in-flight entries are dropped (their attempt died
 * with the process, and since effect and completion are written together none of them took
 * effect), and so are expired ones. Returns a new table.
 */
export function recoverTable(
  table: Readonly<Record<string, DedupEntry>>,
  now: number,
): Record<string, DedupEntry> {
  const kept: Record<string, DedupEntry> = {};
  for (const [key, entry] of Object.entries(table))
    if (entry.state === 'completed' && entry.expiresAt > now) kept[key] = entry;
  return kept;
}

/** Removes the completed entries that expired by `now` (in place); returns how many. */
export function expireEntries(table: Record<string, DedupEntry>, now: number): number {
  let n = 0;
  for (const [key, entry] of Object.entries(table))
    if (entry.state === 'completed' && entry.expiresAt <= now) {
      delete table[key];
      n++;
    }
  return n;
}

/**
 * A 32-bit FNV-1a hash of a request body as text: what the table compares to tell "the same
 * request again" from "the same key with a different body" (422).
 */
export function bodyHash(body: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < body.length; i++) {
    h ^= body.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
