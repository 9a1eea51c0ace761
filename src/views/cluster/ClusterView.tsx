/**
 * The cluster: nodes on a ring, links between them, messages moving along the links at
 * positions computed from virtual time (so pause, step and speed are one code path), and
 * messages dying where they were lost. Each layer has its file; this one places them, and
 * keeps which menu is open and what is selected (what shortcuts and the palette act on).
 */
import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type { FrameMessage } from '../../engine/sim/frame';
import { plural } from '../../engine/words';
import { select } from '../../state/commands';
import { inspect } from '../../state/lab-controller';
import { useLab } from '../../state/lab-store';
import { circleLayout, VIEW_SIZE, type Point } from './geometry';
import { LinkButtons, LinkLines } from './LinkLayer';
import { LinkMenu } from './LinkMenu';
import { linkSettingsKey, linkWords } from './link-words';
import { MessageCanvas } from './MessageCanvas';
import { Deaths, MessageDot, type Geometry } from './MessageLayer';
import { placeMessages } from './message-placement';
import { MessageMenu, NodeMenu } from './menus';
import { NodeGlyph } from './NodeLayer';
import { pauseToChoose, useResumeOnClose } from './pause-while-choosing';

const midpoint = (p?: Point, q?: Point): Point =>
  p && q ? { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 } : { x: 0, y: 0 };

/** Beyond this many messages in flight, they are drawn on a canvas instead of as SVG. */
const MAX_SVG_MESSAGES = 250;

/**
 * The menu open now (at most one). A message's menu stays where the message was when it
 * opened (`at`), keeps the message as it was then (shown if it leaves the wire meanwhile),
 * and remembers whether opening it paused a playing run (`resume`).
 */
type OpenMenu =
  | { kind: 'node'; id: string }
  | {
      kind: 'message';
      id: number;
      at: Point;
      opened: FrameMessage;
      resume: boolean;
    }
  | { kind: 'link'; a: string; b: string }
  | null;

export const ClusterView = memo(function ClusterView() {
  const frame = useLab((s) => s.frame);
  // The notable events (drops among them), kept across frames: a drop stays findable for
  // as long as its ✕ is drawn, however many other events a frame holds.
  const narration = useLab((s) => s.narration);
  const highlight = useLab((s) => s.highlight);
  const [menu, setMenu] = useState<OpenMenu>(null);
  const openLink = useCallback((a: string, b: string) => {
    select({ kind: 'link', a, b });
    setMenu({ kind: 'link', a, b });
  }, []);
  const focusLink = useCallback((a: string, b: string) => select({ kind: 'link', a, b }), []);
  const nodeRefs = useRef(new Map<string, SVGGElement>());
  // Where each message was, so one that is dropped can be drawn dying where it was.
  const seen = useRef(new Map<number, Geometry>());
  const ids = useMemo(() => frame?.nodes.map((n) => n.id) ?? [], [frame?.nodes]);
  const idKey = ids.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layout = useMemo(() => circleLayout(ids), [idKey]);
  useResumeOnClose(menu?.kind === 'message', menu?.kind === 'message' && menu.resume);
  if (!frame) return <div className="cluster-loading">Starting the nodes…</div>;

  for (const m of frame.inFlight) {
    if (!seen.current.has(m.id)) seen.current.set(m.id, m);
  }
  if (seen.current.size > 5000) seen.current.clear();

  const storm = frame.inFlight.length > MAX_SVG_MESSAGES;
  const settingsKey = linkSettingsKey(frame);
  const cutKey = frame.cut.length ? frame.cut.map(([a, b]) => `${a}>${b}`).join(' ') : '';
  const closeMenu = (focusNode?: string) => {
    setMenu(null);
    if (focusNode) nodeRefs.current.get(focusNode)?.focus();
  };
  const menuNode = menu?.kind === 'node' ? frame.nodes.find((n) => n.id === menu.id) : undefined;
  const placements = storm ? null : placeMessages(frame.inFlight, frame.time, layout);

  return (
    <div className="cluster" data-testid="cluster">
      {/* The lines sit on a layer of their own, under everything: they change only when the
          nodes or the cuts do, so the browser keeps their pixels while timers and messages
          move above (a 50-node cluster has 1,225 of them). */}
      <svg viewBox={`0 0 ${VIEW_SIZE} ${VIEW_SIZE}`} className="cluster-links" aria-hidden="true">
        <LinkLines ids={idKey} cutKey={cutKey} settingsKey={settingsKey} layout={layout} />
      </svg>
      <svg
        viewBox={`0 0 ${VIEW_SIZE} ${VIEW_SIZE}`}
        role="group"
        aria-label={`Cluster of ${plural(frame.nodes.length, 'node')}`}
        className="cluster-svg"
      >
        {/* The links' buttons come after the nodes, so Tab reaches the nodes before the
            links and a link's hit area never covers a node. */}
        {frame.nodes.map((n) => (
          <NodeGlyph
            key={n.id}
            node={n}
            time={frame.time}
            at={layout.positions.get(n.id) ?? { x: 0, y: 0 }}
            radius={layout.nodeRadius}
            selected={menu?.kind === 'node' && menu.id === n.id}
            highlighted={highlight.includes(n.id)}
            onOpen={() => {
              select({ kind: 'node', id: n.id });
              setMenu({ kind: 'node', id: n.id });
              inspect({ kind: 'node', id: n.id });
            }}
            onFocus={() => select({ kind: 'node', id: n.id })}
            register={(el) => {
              if (el) nodeRefs.current.set(n.id, el);
              else nodeRefs.current.delete(n.id);
            }}
          />
        ))}
        <LinkButtons
          ids={idKey}
          cutKey={cutKey}
          settingsKey={settingsKey}
          layout={layout}
          onOpen={openLink}
          onFocus={focusLink}
        />
        {frame.inFlight.map((m) => {
          const placement = placements?.get(m.id);
          if (!placement) return null;
          return (
            <MessageDot
              key={m.id}
              message={m}
              time={frame.time}
              placement={placement}
              onOpen={() => {
                select({ kind: 'message', id: m.id });
                // Paused first, so the message (and its menu) hold still while you choose.
                const resume = pauseToChoose();
                setMenu({ kind: 'message', id: m.id, at: placement.at, opened: m, resume });
                inspect({ kind: 'message', message: m });
              }}
              onFocus={() => select({ kind: 'message', id: m.id })}
            />
          );
        })}
        <Deaths events={narration} time={frame.time} layout={layout} seen={seen.current} />
      </svg>
      {/* Every link's delay in one line; links set apart carry their own label. */}
      <p className="link-caption">
        {`${frame.links.length ? 'Other links' : 'Every link'}: ${linkWords(frame.linkDefaults)}`}
      </p>
      {storm && <MessageCanvas messages={frame.inFlight} time={frame.time} layout={layout} />}
      {menuNode && (
        <NodeMenu
          node={menuNode}
          at={layout.positions.get(menuNode.id) ?? { x: 0, y: 0 }}
          onClose={() => closeMenu(menuNode.id)}
        />
      )}
      {menu?.kind === 'link' && (
        <LinkMenu
          a={menu.a}
          b={menu.b}
          at={midpoint(layout.positions.get(menu.a), layout.positions.get(menu.b))}
          onClose={() => closeMenu()}
        />
      )}
      {menu?.kind === 'message' && (
        <MessageMenu
          message={frame.inFlight.find((m) => m.id === menu.id) ?? null}
          opened={menu.opened}
          pausedToChoose={menu.resume}
          at={menu.at}
          onClose={() => closeMenu()}
        />
      )}
    </div>
  );
});
