import { describe, expect, it } from 'vitest';
import { packages } from '../../engine/packages';
import { roleLegend, roleStyle } from './roles';

/** Every (package, role) pair whose role name another package also declares. */
const shared = packages.flatMap((p) =>
  p.roles
    .filter((r) => packages.some((o) => o !== p && o.roles.some((x) => x.role === r.role)))
    .map((r) => ({ family: p.id, spec: r })),
);

describe('roles are drawn as the running lab’s package declares them', () => {
  it('a role name two packages share keeps each package’s shape, colour and words', () => {
    // E.g. one family's "server" is a payment server (a hexagon), another's a server on a
    // ring (a circle): the first declaration used to win in every lab.
    expect(shared.length).toBeGreaterThan(1);
    for (const { family, spec } of shared) {
      expect(roleStyle(spec.role, family)).toEqual({
        colorVar: `--role-${spec.color}`,
        shape: spec.shape,
      });
      expect(roleLegend(spec.role, family)).toBe(spec.legend);
    }
    // And the shared names really are drawn differently somewhere (else this proves little).
    expect(new Set(shared.map(({ spec }) => `${spec.role}:${spec.legend}`)).size).toBeGreaterThan(
      new Set(shared.map(({ spec }) => spec.role)).size,
    );
  });

  it('an unknown family or role falls back; a crashed node is the engine’s mark', () => {
    const role = shared[0]?.spec.role ?? '';
    expect(roleLegend(role)).toBe(roleLegend(role, 'no-such-family'));
    expect(roleStyle('nobody', packages[0]?.id)).toEqual({
      colorVar: '--role-other',
      shape: 'circle',
    });
    expect(roleLegend('nobody')).toBe('nobody');
    expect(roleStyle('down', shared[0]?.family)).toEqual({
      colorVar: '--role-down',
      shape: 'circle',
    });
  });
});
