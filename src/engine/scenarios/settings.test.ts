import { describe, expect, it } from 'vitest';
import { raftEntry } from '../protocols/raft/scenarios';
import { scenarios } from './index';
import {
  numberSetting,
  readSettings,
  relationProblems,
  settingsProblems,
  settingsToQuery,
} from './settings';

describe('scenario settings', () => {
  const raft = raftEntry;

  it('reads values from a URL and fills in defaults', () => {
    const { values, problems } = readSettings(raft.settings, { preVote: '1', heartbeat: '80' });
    expect(problems).toEqual([]);
    expect(values).toMatchObject({
      preVote: true,
      heartbeat: 80,
      electionMin: 150,
      broken: 'none',
    });
    expect(settingsToQuery(raft.settings, values)).toEqual({ heartbeat: '80', preVote: '1' });
  });

  it('rejects bad values with a reason and keeps the default', () => {
    const { values, problems } = readSettings(raft.settings, {
      heartbeat: 'fast',
      broken: 'all',
      preVote: 'maybe',
    });
    expect(values).toMatchObject({ heartbeat: 50, broken: 'none', preVote: false });
    expect(problems).toHaveLength(3);
  });

  it('builds the scenario with the settings', () => {
    const { values } = readSettings(raft.settings, { broken: 'forget-voted-for', load: '200' });
    const scenario = raft.build({ nodes: 3, settings: values });
    expect(scenario.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'c1']);
    expect(scenario.nodes[0]?.options).toMatchObject({ broken: 'forget-voted-for' });
    expect(scenario.nodes[3]?.options).toMatchObject({ autoRequestEveryMs: 200 });
  });

  it('refuses a range whose start exceeds its end, in words, from a link or a form', () => {
    const { values, problems } = readSettings(raft.settings, {
      electionMin: '1000',
      electionMax: '300',
    });
    expect(values).toMatchObject({ electionMin: 150, electionMax: 300 });
    expect(problems).toEqual([
      'Election timeout from (1000 ms) cannot be more than Election timeout to (300 ms); using 150 ms to 300 ms',
    ]);
    expect(settingsProblems(raft.settings, { electionMin: 1000, electionMax: 300 })).toEqual({
      electionMin:
        'Election timeout from (1000 ms) cannot be more than Election timeout to (300 ms)',
    });
    expect(settingsProblems(raft.settings, { heartbeat: 1 })).toEqual({
      heartbeat: 'Heartbeat interval must be a number from 5 to 2000 ms',
    });
    expect(settingsProblems(raft.settings, { electionMin: 200, electionMax: 400 })).toEqual({});
  });

  it('every range in every scenario names a number setting of its own, and its defaults fit', () => {
    for (const entry of Object.values(scenarios)) {
      for (const spec of entry.settings) {
        if (spec.kind !== 'number' || spec.atMost === undefined) continue;
        const end = entry.settings.find((s) => s.key === spec.atMost);
        expect(end?.kind, `${entry.id}: ${spec.key} is at most ${spec.atMost}`).toBe('number');
      }
      expect(relationProblems(entry.settings, {}), entry.id).toEqual({});
    }
  });
});

describe('numberSetting', () => {
  it('writes out the spec a number setting has: key, label, range, default and the rest', () => {
    expect(
      numberSetting('heartbeat', 'Heartbeat interval', [5, 2000], 50, {
        unit: 'ms',
        help: 'How often a leader says it leads.',
      }),
    ).toEqual({
      key: 'heartbeat',
      label: 'Heartbeat interval',
      kind: 'number',
      min: 5,
      max: 2000,
      default: 50,
      unit: 'ms',
      help: 'How often a leader says it leads.',
    });
    expect(numberSetting('clients', 'Clients', [1, 4], 1)).toEqual({
      key: 'clients',
      label: 'Clients',
      kind: 'number',
      min: 1,
      max: 4,
      default: 1,
    });
  });

  it('gives specs the settings reader judges as before (a value outside the range is refused)', () => {
    const spec = numberSetting('keys', 'Keys', [1, 5], 2);
    expect(readSettings([spec], { keys: '9' })).toEqual({
      values: { keys: 2 },
      problems: ['Keys must be a number from 1 to 5; using 2'],
    });
  });
});
