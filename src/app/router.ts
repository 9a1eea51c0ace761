/** Hash routes (any static host serves them): #/, #/lab/<scenario>?seed=&nodes=&run=, #/lessons/<id> */
import { useEffect, useState } from 'react';
import { RESERVED_QUERY_KEYS } from '../engine/share/lab-link';
import { readSeed } from '../engine/share/seed';

export { labHash } from '../engine/share/lab-link';

export type Route =
  | { readonly page: 'home' }
  | {
      readonly page: 'lab';
      readonly scenario: string;
      readonly seed: number | null;
      readonly nodes: number | null;
      /** Encoded recorded actions of a shared run. */
      readonly run: string | null;
      /** The scenario's own settings, as given in the URL (validated when the lab opens). */
      readonly settings: Readonly<Record<string, string>>;
    }
  | { readonly page: 'lesson'; readonly lesson: string }
  | { readonly page: 'error'; readonly message: string };

const COUNT_PATTERN = /^-?\d{1,10}$/;

/** A whole-number query parameter (null when absent), or what is wrong with it in words. */
function parseIntParam(params: URLSearchParams, name: string): number | null | string {
  const raw = params.get(name);
  if (raw === null || raw === '') return null;
  if (name === 'seed') {
    const seed = readSeed(raw);
    return seed.ok ? seed.seed : seed.error;
  }
  if (!COUNT_PATTERN.test(raw))
    return `"${name}" must be a whole number, not "${raw.slice(0, 40)}"`;
  return Number(raw);
}

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = text.split('?', 2);
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return { page: 'home' };
  if (parts[0] === 'lab' && parts.length === 2) {
    const params = new URLSearchParams(query);
    const seed = parseIntParam(params, 'seed');
    if (typeof seed === 'string')
      return { page: 'error', message: `This link is malformed: ${seed}.` };
    const nodes = parseIntParam(params, 'nodes');
    if (typeof nodes === 'string')
      return { page: 'error', message: `This link is malformed: ${nodes}.` };
    const settings: Record<string, string> = {};
    for (const [key, value] of params) if (!RESERVED_QUERY_KEYS.has(key)) settings[key] = value;
    return {
      page: 'lab',
      scenario: decodeURIComponent(parts[1] ?? ''),
      seed,
      nodes,
      run: params.get('run'),
      settings,
    };
  }
  if (parts[0] === 'lessons' && parts.length === 2)
    return { page: 'lesson', lesson: decodeURIComponent(parts[1] ?? '') };
  return { page: 'error', message: `There is no page at "${path.slice(0, 80)}".` };
}

export function lessonHash(id: string): string {
  return `#/lessons/${encodeURIComponent(id)}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
