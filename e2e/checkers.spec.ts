import { expect, test } from '@playwright/test';
import { openLab } from './helpers';
import { voteTwiceByHand } from './held-schedules';

test('with votedFor forgotten, a restarted voter elects two leaders in one term — and the checker turns red', async ({
  page,
}) => {
  // Long election timeouts: only our Timeout clicks start elections.
  await openLab(
    page,
    '#/lab/raft?seed=1&nodes=3&broken=forget-voted-for&electionMin=5000&electionMax=6000',
    {
      paused: true,
    },
  );
  await expect(page.locator('[data-check="election-safety"]')).toHaveAttribute(
    'data-holds',
    'true',
  );
  // n3 votes for n1, crashes, restarts and is asked again by n2 in the same term.
  await voteTwiceByHand(page, 'Crash');

  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-role', 'leader');
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-role', 'leader');
  const check = page.locator('[data-check="election-safety"]');
  await expect(check).toHaveAttribute('data-holds', 'false');
  await expect(check).toContainText('n1 and n2 are both leaders of term 1');
  // The offending events, in words: the two leaders' elections.
  await expect(check.getByRole('list', { name: 'Events that break it' })).toContainText(
    'n1 received RequestVoteReply',
  );
  await expect(check.getByRole('list', { name: 'Events that break it' })).toContainText(
    'n2 received RequestVoteReply',
  );
});
