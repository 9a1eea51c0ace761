/**
 * One visual language for roles: colour, shape and a word — never colour alone. The roles
 * and their styles come from the protocol packages (`ProtocolPackage.roles`).
 */
import type { RoleShape, RoleSpec } from '../../engine/package';
import { packages } from '../../engine/packages';

export type Shape = RoleShape;

export interface RoleStyle {
  readonly colorVar: string;
  readonly shape: Shape;
}

/** Every role any package declares, first declaration first (in catalogue order). */
export const KNOWN_ROLES: readonly RoleSpec[] = packages
  .flatMap((p) => p.roles)
  .filter((r, i, all) => all.findIndex((o) => o.role === r.role) === i);

/**
 * The role's spec as `family` (a package id) declares it, else its first declaration. Two
 * packages may name a role alike and draw it differently (the RPC family's "server" is a
 * payment server, the hash ring's a server on the ring): the running lab's package wins.
 */
function specOf(role: string, family?: string): RoleSpec | undefined {
  const own = packages.find((p) => p.id === family)?.roles.find((r) => r.role === role);
  return own ?? KNOWN_ROLES.find((r) => r.role === role);
}

/** The engine's own mark, not a protocol's role: a crashed or faulted node. */
const DOWN: RoleStyle = { colorVar: '--role-down', shape: 'circle' };

/** How `role` is drawn in the lab of package `family` (id; omitted: the first declaration). */
export function roleStyle(role: string, family?: string): RoleStyle {
  if (role === 'down') return DOWN;
  const spec = specOf(role, family);
  return spec
    ? { colorVar: `--role-${spec.color}`, shape: spec.shape }
    : { colorVar: '--role-other', shape: 'circle' };
}

/** What the legend says for a role (its package's words; the role itself otherwise). */
export function roleLegend(role: string, family?: string): string {
  return specOf(role, family)?.legend ?? role;
}

/** An SVG path for a shape of radius r centred on the origin. */
export function shapePath(shape: Shape, r: number): string {
  switch (shape) {
    case 'circle':
      return `M ${r} 0 A ${r} ${r} 0 1 1 ${-r} 0 A ${r} ${r} 0 1 1 ${r} 0 Z`;
    case 'diamond':
      return `M 0 ${-r * 1.15} L ${r * 1.15} 0 L 0 ${r * 1.15} L ${-r * 1.15} 0 Z`;
    case 'square': {
      const s = r * 0.9;
      return `M ${-s} ${-s} H ${s} V ${s} H ${-s} Z`;
    }
    case 'hexagon': {
      const pts = Array.from({ length: 6 }, (_, i) => {
        const a = (Math.PI / 3) * i;
        return `${(r * 1.1 * Math.cos(a)).toFixed(2)} ${(r * 1.1 * Math.sin(a)).toFixed(2)}`;
      });
      return `M ${pts.join(' L ')} Z`;
    }
    default: {
      const never: never = shape;
      return String(never);
    }
  }
}
