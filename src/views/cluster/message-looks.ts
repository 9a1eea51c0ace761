/**
 * Messages drawn in their owner's colour, as their package says (`ProtocolPackage.messageLooks`,
 * e.g. a Paxos message in its ballot's proposer's colour), and the stage's notes on nodes
 * from the checkers' summaries (e.g. the quorums of a chosen value). The stage knows no
 * protocol: it asks the package of the sender's protocol.
 */
import type { CheckerNodeNote } from '../../engine/check/invariant';
import type { InvariantStatus } from '../../engine/check/monitor';
import type { MessageLook } from '../../engine/package';
import { packageOfProtocol } from '../../engine/packages';
import type { FrameMessage, FrameNode } from '../../engine/sim/frame';

/** How many owner colours the palette has (`--owner-<i>` in styles.css, light and dark). */
export const OWNER_COLOURS = 6;

/** The palette slot of `owner`: its place among the nodes, so it is the same all run long. */
export function ownerColour(owner: string, nodeIds: readonly string[]): number {
  const i = nodeIds.indexOf(owner);
  return (i < 0 ? 0 : i) % OWNER_COLOURS;
}

/** Each message's look (null: its kind, in the default colour), by message id. */
export function messageLooks(
  nodes: readonly FrameNode[],
  messages: readonly FrameMessage[],
): { looks: Map<number, MessageLook>; title: string | null } {
  // Each sender's protocol and its family's looks, looked up once per frame, not per message
  // (a storm has thousands in flight).
  const familyOf = new Map(
    nodes.map((n) => [
      n.id,
      { protocol: n.protocol, family: packageOfProtocol(n.protocol)?.messageLooks },
    ]),
  );
  const looks = new Map<number, MessageLook>();
  let title: string | null = null;
  for (const m of messages) {
    const sender = familyOf.get(m.from);
    const family = sender?.family;
    if (!sender || !family) continue;
    const protocol = sender.protocol;
    const look = family.look(protocol, m.payload);
    if (!look) continue;
    looks.set(m.id, look);
    title ??= family.title;
  }
  return { looks, title };
}

/**
 * The notes the checkers' summaries put on nodes, unless a lesson hides the panel that
 * reveals them (`shown(panel)` false). A later checker's note on a node wins.
 */
export function nodeNotes(
  checks: readonly InvariantStatus[],
  shown: (panel: string) => boolean,
): ReadonlyMap<string, CheckerNodeNote> {
  const notes = new Map<string, CheckerNodeNote>();
  for (const c of checks) {
    const s = c.summary;
    if (!s?.nodeNotes || (s.revealedBy && !shown(s.revealedBy))) continue;
    for (const [id, note] of Object.entries(s.nodeNotes)) notes.set(id, note);
  }
  return notes;
}
