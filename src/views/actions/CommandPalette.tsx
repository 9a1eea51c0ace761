/**
 * The command palette (Ctrl+K / Cmd+K): what can be done now, on the selected node, link or
 * message and on the run, each with its shortcut. Typing filters; arrows choose; Enter runs.
 * A combobox over a listbox (WAI-ARIA's pattern), in a modal dialog named "Commands".
 */
import { useId, useMemo, useState } from 'react';
import {
  whyUnavailable,
  type ActionContext,
  type ActionDefinition,
  type ActionTarget,
} from '../../engine/actions';
import { contextOf, labDefinitions, perform, resolveSelected } from '../../state/commands';
import { useLab } from '../../state/lab-store';
import { Modal } from './Modal';

interface Entry {
  readonly key: string;
  readonly def: ActionDefinition;
  readonly target: ActionTarget;
  readonly label: string;
  /** The words typing matches: the label, the target, the keywords. */
  readonly words: string;
  readonly reason: string | null;
}

const targetWords = (t: ActionTarget) =>
  t.kind === 'node'
    ? t.node.id
    : t.kind === 'link'
      ? `link ${t.a}–${t.b}`
      : t.kind === 'message'
        ? `${t.message.kind} ${t.message.from} → ${t.message.to}`
        : '';

function entriesFor(
  defs: readonly ActionDefinition[],
  selected: ActionTarget | null,
  ctx: ActionContext,
): Entry[] {
  const targets: ActionTarget[] = [...(selected ? [selected] : []), { kind: 'run' }];
  if (selected?.kind === 'link') targets.push({ kind: 'link', a: selected.b, b: selected.a });
  const entries: Entry[] = [];
  for (const target of targets) {
    for (const def of defs) {
      if (!def.inPalette || !def.appliesToTarget(target) || !def.isShown(target, ctx)) continue;
      if (target.kind === 'link' && target !== selected && def.id !== 'cut-one-way') continue;
      const on = targetWords(target);
      const label = `${def.label(target, ctx)}${on && def.id !== 'cut-one-way' ? ` (${on})` : ''}`;
      entries.push({
        key: `${entries.length}`,
        def,
        target,
        label,
        words: `${label} ${def.keywords.join(' ')}`.toLowerCase(),
        reason: whyUnavailable(def, target, ctx),
      });
    }
  }
  return entries;
}

export function CommandPalette({ onClose }: { onClose: () => void }) {
  // A snapshot when it opens: the run may play on, but the list holds still while you choose.
  const [snapshot] = useState(() => {
    const s = useLab.getState();
    return entriesFor(labDefinitions(s), resolveSelected(s), contextOf(s));
  });
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matching = useMemo(
    () => snapshot.filter((e) => terms.every((t) => e.words.includes(t))),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [snapshot, query],
  );
  const available = matching.filter((e) => e.reason === null);
  const blocked = matching.filter((e) => e.reason !== null);
  const current = available[Math.min(active, available.length - 1)];
  const run = (entry: Entry | undefined) => {
    if (!entry) return;
    onClose();
    // Re-read the target: the run moved on while the palette was open.
    const s = useLab.getState();
    const fresh = entry.target.kind === 'node' ? resolveSelected(s) : entry.target;
    void perform(entry.def, fresh ?? entry.target, {}, 'palette');
  };
  const optionId = (e: Entry) => `${listId}-${e.key}`;
  return (
    <Modal title="Commands" onClose={onClose} className="palette">
      {() => (
        <>
          <input
            className="palette-input"
            role="combobox"
            aria-label="Command"
            aria-expanded="true"
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={current ? optionId(current) : undefined}
            placeholder="Type to filter, Enter to run"
            value={query}
            autoFocus
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                const n = available.length || 1;
                setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
              } else if (e.key === 'Enter') {
                e.preventDefault();
                run(current);
              }
            }}
          />
          <ul id={listId} role="listbox" aria-label="Available commands" className="palette-list">
            {available.map((e) => (
              <li
                key={e.key}
                id={optionId(e)}
                role="option"
                aria-selected={e === current}
                className={e === current ? 'palette-option active' : 'palette-option'}
                onClick={() => run(e)}
              >
                <span>{e.label}</span>
                {e.def.shortcut && <kbd>{e.def.shortcut.shown}</kbd>}
              </li>
            ))}
          </ul>
          <p className="muted" role="status">
            {available.length === 0
              ? blocked.length > 0
                ? (blocked[0]?.reason ?? '')
                : 'Nothing matches. Select a node, link or message to see its actions.'
              : `${available.length} ${available.length === 1 ? 'command' : 'commands'}`}
          </p>
        </>
      )}
    </Modal>
  );
}
