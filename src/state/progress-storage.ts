/**
 * Where lesson progress is kept (localStorage, under one key), without the schema that
 * checks it: the start page reads the raw text at once and checks it after its first paint.
 */
export const PROGRESS_KEY = 'netsplit.lessons.v1';

/** The browser's storage, or null when it is disabled (privacy settings). */
export function progressStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled: progress lives for this page only
  }
}

/** The saved progress as stored (unchecked text), or null when there is none. */
export function readRawProgress(): string | null {
  return progressStorage()?.getItem(PROGRESS_KEY) ?? null;
}
