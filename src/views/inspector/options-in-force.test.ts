/** The "Options in force" lines, for any scenario's settings (Raft's as the example). */
import { describe, expect, it } from 'vitest';
import { raftEntry } from '../../engine/protocols/raft/scenarios';
import { scenarios } from '../../engine/scenarios';
import { readSettings } from '../../engine/scenarios/settings';
import { optionLines } from './options-in-force';

const raft = raftEntry;

const changed = (query: Record<string, string>, nodes: number | null = null) =>
  optionLines(raft.settings, readSettings(raft.settings, query).values, {
    count: nodes,
    defaultNodes: raft.defaultNodes,
  })
    .filter((l) => l.changed)
    .map((l) => l.text);

describe('options in force', () => {
  it('says nothing changed at the defaults, and lists every setting once', () => {
    const lines = optionLines(raft.settings, {});
    expect(lines.filter((l) => l.changed)).toEqual([]);
    expect(lines.map((l) => l.text)).toContain('Election timeout: 150–300 ms');
    expect(lines.map((l) => l.text)).toContain('Pre-vote: off');
    // The range's two settings are one line.
    expect(lines.length).toBe(raft.settings.length - 1);
  });

  it('says each changed setting in words: on/off, a range, a choice, the node count', () => {
    expect(changed({ preVote: '1' })).toEqual(['Pre-vote: on']);
    expect(changed({ electionMax: '500' })).toEqual(['Election timeout: 150–500 ms']);
    expect(changed({ reads: 'read-index' }, 3)).toEqual([
      'Nodes: 3',
      'Automatic reads served: by ReadIndex (the leader confirms it still leads)',
    ]);
    expect(changed({ broken: 'forget-voted-for' })[0]).toMatch(
      /^Broken variant \(for teaching\): forget-voted-for — breaks Election Safety/,
    );
  });

  it('describes every scenario’s settings without throwing, each line in words', () => {
    for (const entry of Object.values(scenarios)) {
      for (const line of optionLines(entry.settings, {}))
        expect(line.text, entry.id).toMatch(/^[^:]+: \S/);
    }
  });
});
