import { describe, expect, it } from 'vitest';
import { scenarioEntry } from './index';
import { readSettings, settingsToQuery } from './settings';

describe('scenario settings', () => {
  const raft = scenarioEntry('raft');
  if (!raft) throw new Error('no raft scenario');

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
});
