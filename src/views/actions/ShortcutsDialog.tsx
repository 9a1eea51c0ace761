/** The "Keyboard shortcuts" dialog (?): every key the lab answers, built from the registry. */
import { useState } from 'react';
import { labDefinitions } from '../../state/commands';
import { useLab } from '../../state/lab-store';
import { paletteKeyShown } from './KeyboardCommands';
import { Modal } from './Modal';

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const [rows] = useState(() => {
    const byKey = new Map<string, string[]>();
    for (const def of labDefinitions(useLab.getState())) {
      if (!def.shortcut) continue;
      const on = def.appliesTo === 'run' ? '' : ` (the selected ${def.appliesTo})`;
      const what = `${def.title}${on}`;
      const list = byKey.get(def.shortcut.shown) ?? [];
      if (!list.includes(what)) list.push(what);
      byKey.set(def.shortcut.shown, list);
    }
    return [
      ...[...byKey].map(([key, what]) => ({ key, what: what.join(' or ') })),
      { key: paletteKeyShown(), what: 'Open the command palette' },
      { key: '?', what: 'Show these shortcuts' },
      { key: 'Enter', what: 'Open the focused node’s, link’s or message’s actions' },
    ];
  });
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} className="shortcuts">
      {() => (
        <>
          <p className="muted">
            Tab to a node (or click it) to select it. Keys do nothing while you type in a field.
          </p>
          <table className="shortcut-table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Does</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td>
                    <kbd>{r.key}</kbd>
                  </td>
                  <td>{r.what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Modal>
  );
}
