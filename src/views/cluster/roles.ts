/** One visual language for roles: colour, shape and a word — never colour alone. */
export type Shape = 'circle' | 'diamond' | 'square' | 'hexagon';

export interface RoleStyle {
  readonly colorVar: string;
  readonly shape: Shape;
}

const STYLES: Record<string, RoleStyle> = {
  leader: { colorVar: '--role-leader', shape: 'hexagon' },
  candidate: { colorVar: '--role-candidate', shape: 'diamond' },
  'pre-candidate': { colorVar: '--role-candidate', shape: 'diamond' },
  follower: { colorVar: '--role-follower', shape: 'circle' },
  peer: { colorVar: '--role-peer', shape: 'circle' },
  // Replicated stores: a primary leads like a leader, a backup follows like a follower.
  primary: { colorVar: '--role-leader', shape: 'hexagon' },
  backup: { colorVar: '--role-follower', shape: 'circle' },
  replica: { colorVar: '--role-peer', shape: 'circle' },
  client: { colorVar: '--role-client', shape: 'square' },
  down: { colorVar: '--role-down', shape: 'circle' },
};

export function roleStyle(role: string): RoleStyle {
  return STYLES[role] ?? { colorVar: '--role-other', shape: 'circle' };
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
