import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const GUARD = ['netsplit/no-controller-in-render', 'no-restricted-syntax'];

/** Lint `code` as if it were a view, with the project's own ESLint config. */
async function problems(code: string): Promise<string[]> {
  const eslint = new ESLint();
  const [result] = await eslint.lintText(code, { filePath: 'src/views/probe/Probe.tsx' });
  return (result?.messages ?? [])
    .filter((m) => GUARD.includes(m.ruleId ?? ''))
    .map((m) => `${m.line}: ${m.ruleId}`);
}

const header = `import { memo, useEffect, useMemo, useState } from 'react';
import { act, describeEntry, messageHistory, seekTo } from '../../state/lab-controller';
import { useLab } from '../../state/lab-store';
`;

describe('the guard: views only select from the store', { timeout: 60_000 }, () => {
  it('reports controller calls while rendering and direct store writes', async () => {
    const code = `${header}
export const Probe = memo(function Probe({ id }: { id: number }) {
  const history = useMemo(() => messageHistory(id), [id]);
  const words = [1, 2].map((i) => describeEntry(i));
  const label = () => describeEntry(id);
  return (
    <button type="button" onClick={() => useLab.setState({ notice: null })}>
      {history.join()} {words.join()} {label()}
    </button>
  );
});
`;
    expect(await problems(code)).toEqual([
      '6: netsplit/no-controller-in-render',
      '7: netsplit/no-controller-in-render',
      '8: netsplit/no-controller-in-render',
      '10: no-restricted-syntax',
    ]);
  });

  it('allows calls in handlers, effects and functions handed on', async () => {
    const code = `${header}
export function Probe({ id }: { id: number }) {
  const [text, setText] = useState('');
  useEffect(() => setText(describeEntry(id)), [id]);
  const go = () => void seekTo(id);
  const send = (node: string) => () => void act({ type: 'crash', node });
  return (
    <div>
      <button type="button" onClick={go}>{text}</button>
      <button type="button" onClick={send('n1')}>crash</button>
      <button type="button" onClick={() => void seekTo(0)}>start</button>
    </div>
  );
}
`;
    expect(await problems(code)).toEqual([]);
  });
});
