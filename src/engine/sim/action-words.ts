/**
 * A recorded action in words, for the notices about a shared run ("crash n42", "set link
 * n1 → n2: jitter 200 ms"): what a learner would call it, never its JSON.
 */
import { describeLinkConfig } from '../net/link';
import type { SimAction } from './actions';

/** One action as a short phrase (lower case, no full stop). */
export function describeAction(a: SimAction): string {
  switch (a.type) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'isolate':
      return `${a.type} ${a.node}`;
    case 'protocol':
      return `${a.action.id.replace(/-/g, ' ')} on ${a.node}`;
    case 'cut':
      return `cut ${a.from} ${a.oneWay ? '→' : '↔'} ${a.to}`;
    case 'uncut':
      return `restore ${a.from} ${a.oneWay ? '→' : '↔'} ${a.to}`;
    case 'partition':
      return `partition ${a.groups.map((g) => g.join(', ')).join(' | ')}`;
    case 'heal':
      return 'heal the network';
    case 'link':
      return `set link ${a.from} → ${a.to}: ${describeLinkConfig(a.config)}`;
    case 'link-defaults':
      return `set all links: ${describeLinkConfig(a.config)}`;
    case 'clock':
      return `set ${a.node}'s clock (skew ${a.skewMs} ms, drift ${a.drift})`;
    case 'drop-message':
      return `drop message ${a.msg}`;
    case 'duplicate-message':
      return `duplicate message ${a.msg}`;
    case 'deliver-message':
      return `deliver message ${a.msg}`;
    case 'delay-message':
      return `delay message ${a.msg} by ${a.byMs} ms`;
    case 'crash-lose-writes':
      return `crash ${a.node}, losing its unsynced writes`;
    case 'corrupt-disk':
      return `corrupt ${a.node}'s log tail`;
    case 'hold-messages':
      return a.on ? 'hold messages' : 'stop holding messages';
    default: {
      const never: never = a;
      return `an action of an unknown kind (${String((never as { type?: unknown }).type)})`;
    }
  }
}
