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
