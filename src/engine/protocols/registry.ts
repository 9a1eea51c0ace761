/**
 * The protocol registry, derived from the packages: maps a protocol id to its family's lazy
 * loader, so each worker (and the page) loads only the family its scenario uses. The engine
 * itself imports no protocol by name.
 */
import type { AnyProtocol } from '../protocol';
import { packageOfProtocol, packages } from '../packages';

/** Every protocol id any package provides. */
export function protocolIds(): string[] {
  return packages.flatMap((p) => [...p.protocolIds]);
}

/** Loads protocol `id`. Rejects with "unknown protocol" when no package provides it. */
export async function loadProtocol(id: string): Promise<AnyProtocol> {
  const pkg = packageOfProtocol(id);
  if (!pkg) throw new Error(`unknown protocol "${id}"`);
  const table = await pkg.load();
  const protocol = table[id];
  if (!protocol)
    throw new Error(`package ${pkg.id} lists protocol "${id}" but does not provide it`);
  return protocol;
}

export async function loadProtocols(ids: Iterable<string>): Promise<Record<string, AnyProtocol>> {
  const table: Record<string, AnyProtocol> = {};
  for (const id of new Set(ids)) table[id] = await loadProtocol(id);
  return table;
}
