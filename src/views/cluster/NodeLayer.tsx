/** A node as drawn: its role's shape and colour, its timer, its status marks and its words. */
import type { CheckerNodeNote } from '../../engine/check/invariant';
import type { FrameNode } from '../../engine/sim/frame';
import { useLayoutEffect, useRef } from 'react';
import { VIEW_SIZE, type Point } from './geometry';
import { roleStyle, shapePath } from './roles';
import { openOnEnter } from './open-on-enter';

function timerArc(r: number, progress: number): string {
  const p = Math.min(0.9999, Math.max(0, progress));
  const a = -Math.PI / 2 + 2 * Math.PI * p;
  const large = p > 0.5 ? 1 : 0;
  return `M 0 ${-r} A ${r} ${r} 0 ${large} 1 ${(r * Math.cos(a)).toFixed(2)} ${(r * Math.sin(a)).toFixed(2)}`;
}

/**
 * What a screen reader (and a test) hears: "n1, leader, term 3", "n2, crashed",
 * "n4, follower, term 2, paused". The status is said whenever it is not plain "up".
 */
export function nodeLabel(n: FrameNode): string {
  const isDown = n.status === 'crashed' || n.status === 'faulted';
  const parts = [n.id, isDown ? n.status : n.role];
  if (n.view?.standing) parts.push(n.view.standing);
  if (n.term !== undefined) parts.push(`term ${n.term}`);
  if (n.status === 'paused') parts.push('paused');
  return parts.join(', ');
}

/** Keep this far inside the stage's edge (viewBox units). */
const EDGE = 2;

/**
 * A line of words centred under a node, shifted sideways just enough to stay inside the
 * stage: a long summary under a node at the circle's left or right edge (a hash-ring
 * client's "v1 · 6 ok, 0 failed, 0 redirected") was cut off by the stage's edge. Measured
 * after each render (the words change with the run); `x` is the node's centre on the stage.
 */
function InsideText({
  className,
  x,
  y,
  children,
}: {
  readonly className: string;
  readonly x: number;
  readonly y: number;
  readonly children: string;
}) {
  const ref = useRef<SVGTextElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof el.getBBox !== 'function') return;
    el.removeAttribute('dx');
    const box = el.getBBox();
    const left = x + box.x;
    const right = left + box.width;
    const dx = left < EDGE ? EDGE - left : right > VIEW_SIZE - EDGE ? VIEW_SIZE - EDGE - right : 0;
    if (dx !== 0) el.setAttribute('dx', dx.toFixed(1));
  });
  return (
    <text ref={ref} className={className} y={y} textAnchor="middle">
      {children}
    </text>
  );
}

interface NodeGlyphProps {
  readonly node: FrameNode;
  readonly time: number;
  readonly at: Point;
  readonly radius: number;
  readonly selected: boolean;
  /** A lesson points at this node now. */
  readonly highlighted: boolean;
  readonly onOpen: () => void;
  /** Focus selects the node, so shortcuts and the palette act on it. */
  readonly onFocus: () => void;
  readonly register: (el: SVGGElement | null) => void;
  /**
   * What a checker says of this node (e.g. "in both quorums of the chosen value"): a ring
   * around it, and the words in its accessible description.
   */
  readonly note?: CheckerNodeNote | null;
  /** The running lab's package id, for its roles' own shapes (see roles.ts). */
  readonly family?: string;
}

export function NodeGlyph({
  node,
  time,
  at,
  radius,
  selected,
  highlighted,
  onOpen,
  onFocus,
  register,
  note = null,
  family,
}: NodeGlyphProps) {
  const style = roleStyle(node.role, family);
  const timer = node.timers[0];
  const showText = radius >= 18;
  return (
    <g
      ref={register}
      className={`node node-${node.status}${node.view?.standing ? ' node-apart' : ''}${selected ? ' node-selected' : ''}${highlighted ? ' node-highlighted' : ''}`}
      transform={`translate(${at.x.toFixed(1)} ${at.y.toFixed(1)})`}
      data-testid={`node-${node.id}`}
      data-role={node.role}
      data-status={node.status}
      data-highlight={highlighted ? 'true' : 'false'}
      {...(node.term === undefined ? {} : { 'data-term': node.term })}
      role="button"
      tabIndex={0}
      aria-label={highlighted ? `${nodeLabel(node)} (look here)` : nodeLabel(node)}
      aria-haspopup="true"
      aria-expanded={selected}
      aria-keyshortcuts="Enter"
      {...(note ? { 'aria-describedby': `node-note-${node.id}`, 'data-note-ring': note.ring } : {})}
      onClick={onOpen}
      onFocus={onFocus}
      onKeyDown={openOnEnter(onOpen)}
    >
      {note && (
        <>
          <desc id={`node-note-${node.id}`}>{note.text}</desc>
          {/* Close to the node: the summary's words sit from radius + 8 down. */}
          <circle className={`node-note node-note-${note.ring}`} r={radius + 3.5} />
          {note.ring === 'double' && (
            <circle className="node-note node-note-double" r={radius + 7} />
          )}
        </>
      )}
      <path
        className="node-shape"
        d={shapePath(style.shape, radius)}
        style={{ fill: `var(${style.colorVar})` }}
      />
      {timer && node.status === 'up' && (
        <path
          className="node-timer"
          d={timerArc(
            radius + 5,
            (time - timer.armedAt) / Math.max(1e-9, timer.fireAt - timer.armedAt),
          )}
        >
          <title>{`${timer.name} timer`}</title>
        </path>
      )}
      {node.status === 'crashed' && (
        <path
          className="node-cross"
          d={`M ${-radius * 0.6} ${-radius * 0.6} L ${radius * 0.6} ${radius * 0.6} M ${radius * 0.6} ${-radius * 0.6} L ${-radius * 0.6} ${radius * 0.6}`}
        />
      )}
      {(node.status === 'paused' || node.status === 'faulted') && (
        <StatusBadge status={node.status} radius={radius} />
      )}
      <text className="node-id" y={showText ? -2 : radius + 14} textAnchor="middle">
        {node.id}
      </text>
      {showText && (
        <text className="node-role" y={13} textAnchor="middle">
          {node.status === 'crashed' || node.status === 'faulted' ? node.status : node.role}
        </text>
      )}
      {showText && (node.term !== undefined || node.view?.summary) && (
        <InsideText className="node-summary" x={at.x} y={radius + 16}>
          {[node.view?.standing, node.term !== undefined ? `term ${node.term}` : node.view?.summary]
            .filter(Boolean)
            .join(' · ')}
        </InsideText>
      )}
    </g>
  );
}

/** A small mark on a node's shoulder: ❚❚ for paused, a red ⚠ for faulted (with the role kept). */
function StatusBadge({ status, radius }: { status: 'paused' | 'faulted'; radius: number }) {
  const r = Math.max(6, Math.min(11, radius * 0.32));
  const at = radius * 0.78;
  return (
    <g className={`node-badge node-badge-${status}`} transform={`translate(${at} ${-at})`}>
      {status === 'paused' ? (
        <>
          <circle r={r} />
          <rect x={-r * 0.45} y={-r * 0.5} width={r * 0.3} height={r} />
          <rect x={r * 0.15} y={-r * 0.5} width={r * 0.3} height={r} />
        </>
      ) : (
        <>
          <path d={`M 0 ${-r * 1.1} L ${r * 1.1} ${r * 0.8} L ${-r * 1.1} ${r * 0.8} Z`} />
          <text y={r * 0.62} textAnchor="middle" style={{ fontSize: `${r * 1.3}px` }}>
            !
          </text>
        </>
      )}
    </g>
  );
}
