/** Always on screen: what the shapes, colours and marks mean. */
import { memo, type ReactNode } from 'react';
import { KNOWN_ROLES, roleLegend, roleStyle, shapePath } from './roles';

/** The packages' roles, in their order (a legend lists the ones on screen). */
const ROLES = KNOWN_ROLES.map((r) => r.role);
/** Not roles: a crashed node's, and a node's before its first view arrives. */
const HIDDEN = new Set(['down', 'unknown', '']);

/** The marks that are not roles, each with its little picture. */
const MARKS: ReadonlyArray<{
  readonly label: string;
  readonly box: string;
  readonly icon: ReactNode;
}> = [
  {
    label: 'crashed',
    box: '-12 -12 24 24',
    icon: (
      <g className="node-crashed">
        <circle r={9} className="node-shape" style={{ fill: 'var(--role-down)' }} />
        <path className="node-cross" style={{ strokeWidth: 2.5 }} d="M -5 -5 L 5 5 M 5 -5 L -5 5" />
      </g>
    ),
  },
  {
    label: 'paused',
    box: '-12 -12 24 24',
    icon: (
      <g className="node-badge-paused">
        <circle r={8} />
        <rect x={-3.6} y={-4} width={2.4} height={8} />
        <rect x={1.2} y={-4} width={2.4} height={8} />
      </g>
    ),
  },
  {
    label: 'faulted (handler threw)',
    box: '-12 -12 24 24',
    icon: (
      <g className="node-badge-faulted">
        <path d="M 0 -9 L 9 7 L -9 7 Z" />
        <text y={5} textAnchor="middle" style={{ fontSize: '10px' }}>
          !
        </text>
      </g>
    ),
  },
  {
    label: 'message in flight',
    box: '-12 -12 24 24',
    icon: <circle r={6} className="message-dot" />,
  },
  {
    label: 'message lost',
    box: '-12 -12 24 24',
    icon: <path className="message-death" d="M -6 -6 L 6 6 M 6 -6 L -6 6" />,
  },
  {
    label: 'cut link',
    box: '0 0 24 10',
    icon: <line x1="0" y1="5" x2="24" y2="5" className="link link-cut" />,
  },
  {
    label: 'timer running',
    box: '-12 -12 24 24',
    icon: <path d="M 0 -9 A 9 9 0 0 1 9 0" className="node-timer" />,
  },
];

function Item({ box, label, children }: { box: string; label: string; children: ReactNode }) {
  return (
    <li>
      <svg viewBox={box} width="20" height="18" aria-hidden="true">
        {children}
      </svg>
      {label}
    </li>
  );
}

export const Legend = memo(function Legend({
  roles,
  family,
}: {
  roles: readonly string[];
  /** The running lab's package id: its roles' own shapes and words. */
  family?: string;
}) {
  // The known roles in a fixed order, then any other role a protocol uses, as it appears.
  const shown = [
    ...ROLES.filter((r) => roles.includes(r)),
    ...roles.filter((r, i) => !ROLES.includes(r) && !HIDDEN.has(r) && roles.indexOf(r) === i),
  ];
  return (
    <aside className="legend" aria-label="Legend">
      <ul>
        {shown.map((role) => {
          const s = roleStyle(role, family);
          return (
            <Item key={role} box="-12 -12 24 24" label={roleLegend(role, family)}>
              <path
                d={shapePath(s.shape, 9)}
                style={{ fill: `var(${s.colorVar})` }}
                className="node-shape"
              />
            </Item>
          );
        })}
        {MARKS.map((m) => (
          <Item key={m.label} box={m.box} label={m.label}>
            {m.icon}
          </Item>
        ))}
      </ul>
    </aside>
  );
});
