/** Messages in flight as focusable dots moving along their links, and where lost ones died. */
import type { MessageLook } from '../../engine/package';
import type { FrameMessage } from '../../engine/sim/frame';
import type { TraceEntry } from '../../engine/sim/trace';
import { along, progressAt, type Layout } from './geometry';
import type { Placement } from './message-placement';
import { openOnEnter } from './open-on-enter';

/** How long (virtual ms) a lost message's ✕ stays on screen. */
const DEATH_VISIBLE_MS = 400;
/** A message's kind is written beside it between this fraction of its trip and 1 minus it. */
const LABEL_FROM = 0.15;

/** Where a message was seen in flight (so one that is dropped is drawn dying there). */
export interface Geometry {
  readonly from: string;
  readonly to: string;
  readonly departAt: number;
  readonly deliverAt: number;
  readonly kind: string;
}

interface MessageDotProps {
  readonly message: FrameMessage;
  readonly time: number;
  /** Where it is drawn (fanned out from any message that would share its spot). */
  readonly placement: Placement;
  readonly onOpen: () => void;
  /** Focus selects the message, so the palette acts on it. */
  readonly onFocus: () => void;
  /** Its package's look (owner and label), if it has one; null: its kind, default colour. */
  readonly look?: MessageLook | null;
  /** The owner's palette slot (`owner-<i>` class), when it has an owner. */
  readonly ownerColour?: number | null;
}

export function MessageDot({
  message: m,
  time,
  placement,
  onOpen,
  onFocus,
  look = null,
  ownerColour = null,
}: MessageDotProps) {
  const isDying = m.lostAt !== null && time >= m.lostAt;
  const { at, progress: p } = placement;
  const label = `${m.kind} from ${m.from} to ${m.to}${m.heldSince !== null ? ', waiting' : ''}${look ? `, ${look.detail}` : ''}`;
  const owned = ownerColour === null ? '' : ` owner-${ownerColour}`;
  return (
    <g
      className={`message${isDying ? ' message-dying' : ''}${m.heldSince !== null ? ' message-held' : ''}${time < m.departAt ? ' message-queued' : ''}${owned}`}
      transform={`translate(${at.x.toFixed(1)} ${at.y.toFixed(1)})`}
      data-testid={`msg-${m.id}`}
      data-kind={m.kind}
      data-from={m.from}
      data-to={m.to}
      {...(look?.owner ? { 'data-owner': look.owner } : {})}
      role="button"
      tabIndex={0}
      aria-label={label}
      onClick={onOpen}
      onFocus={onFocus}
      onKeyDown={openOnEnter(onOpen)}
    >
      {/* An invisible hit area a little larger than the dot; the label sits centred above it. */}
      <circle className="message-hit" r={10} />
      {isDying ? (
        <path className="message-death" d="M -6 -6 L 6 6 M 6 -6 L -6 6" />
      ) : (
        <circle className="message-dot" r={6} />
      )}
      {/* Labelled on the open stretch of the link only: next to a node, departing and
          arriving messages would pile their labels on each other and on the node. */}
      {p > LABEL_FROM && p < 1 - LABEL_FROM && (
        <text className="message-label" y={-9} textAnchor="middle">
          {look?.label ?? m.kind}
        </text>
      )}
    </g>
  );
}

/**
 * A larger, invisible target around every message (at least 24 × 24 CSS px, WCAG 2.2
 * 2.5.8), drawn under all the dots so that a crowded dot's own centre is still its own.
 * A press on it is resolved to the nearest message by the stage (message-hit.ts).
 */
export function MessageHalos({
  placements,
  radius,
}: {
  placements: ReadonlyMap<number, Placement>;
  /** In view-box units. */
  radius: number;
}) {
  return (
    <g className="message-halos" aria-hidden="true">
      {[...placements].map(([id, { at }]) => (
        <circle
          key={id}
          className="message-halo"
          cx={at.x.toFixed(1)}
          cy={at.y.toFixed(1)}
          r={radius.toFixed(1)}
        />
      ))}
    </g>
  );
}

/**
 * Where on its link a dropped message died, when the view never saw it in flight (sent and
 * lost between two frames): a send across a cut link dies leaving its sender; one that
 * reached a crashed node died there; a lost one, somewhere on the way.
 */
function fallbackProgress(reason: string): number {
  if (reason === 'partition') return 0;
  if (reason === 'loss') return 0.5;
  return 1;
}

/** Recently dropped messages: a fading ✕ where each died, for DEATH_VISIBLE_MS of virtual time. */
export function Deaths({
  events,
  time,
  layout,
  seen,
}: {
  events: readonly TraceEntry[];
  time: number;
  layout: Layout;
  seen: ReadonlyMap<number, Geometry>;
}) {
  const marks = [];
  for (const e of events) {
    if (e.k !== 'drop' || time - e.t > DEATH_VISIBLE_MS || e.t > time) continue;
    const g = seen.get(e.msg);
    const from = layout.positions.get(e.from);
    const to = layout.positions.get(e.node);
    if (!from || !to) continue;
    const at = along(
      from,
      to,
      layout.nodeRadius,
      g ? progressAt(g, e.t) : fallbackProgress(e.reason),
    );
    marks.push(
      <g
        key={e.i}
        data-testid={`lost-${e.msg}`}
        className="message-death-mark"
        transform={`translate(${at.x.toFixed(1)} ${at.y.toFixed(1)})`}
        style={{ opacity: 1 - (time - e.t) / DEATH_VISIBLE_MS }}
      >
        <path className="message-death" d="M -6 -6 L 6 6 M 6 -6 L -6 6" />
        <title>{`${e.kind} ${e.from} → ${e.node} lost (${e.reason})`}</title>
      </g>,
    );
  }
  return <g aria-hidden="true">{marks}</g>;
}
