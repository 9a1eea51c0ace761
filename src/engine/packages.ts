/**
 * Every protocol package, found by one glob over `protocols/<family>/package.ts`: adding a
 * family is adding its folder. The manifests are small (roles, scenario builders, lazy
 * loaders); protocol modules load only when a scenario needs them.
 */
import type { ProtocolPackage } from './package';

const found = import.meta.glob<ProtocolPackage>('./protocols/*/package.ts', {
  eager: true,
  import: 'pkg',
});

/** Every package, in catalogue order. Throws at load if two define the same id. */
export const packages: readonly ProtocolPackage[] = checked(
  Object.values(found).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)),
);

function checked(list: ProtocolPackage[]): ProtocolPackage[] {
  const seen = new Map<string, string>();
  const claim = (kind: string, id: string, owner: string) => {
    const key = `${kind} ${id}`;
    const before = seen.get(key);
    if (before !== undefined)
      throw new Error(`${kind} "${id}" is defined by ${before} and ${owner}`);
    seen.set(key, owner);
  };
  for (const p of list) {
    claim('package', p.id, p.id);
    for (const id of p.protocolIds) claim('protocol', id, p.id);
    for (const s of p.scenarios) claim('scenario', s.id, p.id);
  }
  return list;
}

/** The package that provides protocol `protocolId`, if any. */
export function packageOfProtocol(protocolId: string): ProtocolPackage | undefined {
  return packages.find((p) => p.protocolIds.includes(protocolId));
}

/** The package that defines lab scenario `scenarioId`, if any. */
export function packageOfScenario(scenarioId: string): ProtocolPackage | undefined {
  return packages.find((p) => p.scenarios.some((s) => s.id === scenarioId));
}
