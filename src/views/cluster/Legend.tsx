/** Always on screen: what the shapes, colours and marks mean. */
import { memo } from 'react';
import { roleStyle, shapePath } from './roles';

const ROLES = ['follower', 'candidate', 'leader', 'peer', 'client', 'down'];

export const Legend = memo(function Legend({ roles }: { roles: readonly string[] }) {
  const shown = ROLES.filter((r) => roles.includes(r) || r === 'down');
  return (
    <aside className="legend" aria-label="Legend">
      <ul>
        {shown.map((role) => {
          const s = roleStyle(role);
          return (
            <li key={role}>
              <svg viewBox="-12 -12 24 24" width="18" height="18" aria-hidden="true">
                <path
                  d={shapePath(s.shape, 9)}
                  style={{ fill: `var(${s.colorVar})` }}
                  className="node-shape"
                />
              </svg>
              {role === 'down' ? 'crashed / faulted' : role}
            </li>
          );
        })}
        <li>
          <svg viewBox="-12 -12 24 24" width="18" height="18" aria-hidden="true">
            <circle r={6} className="message-dot" />
          </svg>
          message in flight
        </li>
        <li>
          <svg viewBox="-12 -12 24 24" width="18" height="18" aria-hidden="true">
            <path className="message-death" d="M -6 -6 L 6 6 M 6 -6 L -6 6" />
          </svg>
          message lost
        </li>
        <li>
          <svg viewBox="0 0 24 10" width="24" height="10" aria-hidden="true">
            <line x1="0" y1="5" x2="24" y2="5" className="link link-cut" />
          </svg>
          cut link
        </li>
        <li>
          <svg viewBox="-12 -12 24 24" width="18" height="18" aria-hidden="true">
            <path d="M 0 -9 A 9 9 0 0 1 9 0" className="node-timer" />
          </svg>
          timer running
        </li>
      </ul>
    </aside>
  );
});
