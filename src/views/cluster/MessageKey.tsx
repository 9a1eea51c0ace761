/**
 * The key to the messages' colours when a package colours them by owner (Paxos: "Ballot
 * colours", n1 → blue): every owner seen so far in this run, so the key does not flicker as
 * messages come and go. Each message's label names its ballot too, so colour is never alone.
 */
import { memo, useRef } from 'react';
import { ownerColour } from './message-looks';

interface Props {
  /** The key's heading (the package's), e.g. "Ballot colours"; null: no key yet. */
  readonly title: string | null;
  /** The owners of the messages now in flight. */
  readonly owners: readonly string[];
  readonly nodeIds: readonly string[];
}

export const MessageKey = memo(function MessageKey({ title, owners, nodeIds }: Props) {
  // Owners seen in this run (a new set of nodes is a new run).
  const seen = useRef<{ ids: string; title: string | null; owners: string[] }>({
    ids: '',
    title: null,
    owners: [],
  });
  const ids = nodeIds.join(',');
  if (seen.current.ids !== ids) seen.current = { ids, title: null, owners: [] };
  if (title) seen.current.title = title;
  for (const o of owners) if (!seen.current.owners.includes(o)) seen.current.owners.push(o);
  const shown = [...seen.current.owners].sort((a, b) => nodeIds.indexOf(a) - nodeIds.indexOf(b));
  if (!seen.current.title || shown.length === 0) return null;
  return (
    <div className="message-key" data-testid="message-key">
      <span className="message-key-title" id="message-key-title">
        {seen.current.title}:
      </span>
      <ul aria-labelledby="message-key-title">
        {shown.map((o) => (
          <li key={o} data-testid={`message-key-${o}`}>
            <span
              className={`message-key-swatch owner-${ownerColour(o, nodeIds)}`}
              aria-hidden="true"
            />
            {o}
          </li>
        ))}
      </ul>
    </div>
  );
});
