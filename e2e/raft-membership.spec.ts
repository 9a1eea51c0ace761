import { expect, test, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';

/** Raft membership changes one server at a time (thesis §4.1–4.2), as a person drives them. */

const leader = (page: Page) => page.locator('[data-testid^="node-"][data-role="leader"]');

async function leaderId(page: Page): Promise<string> {
  await expect(leader(page)).toHaveCount(1);
  return ((await leader(page).getAttribute('data-testid')) ?? '').replace('node-', '');
}

test('a spare server is added after catching up as a learner; the removed leader steps down and another is elected', async ({
  page,
}) => {
  // Five servers, the last two spare: the cluster starts as {n1, n2, n3}.
  await openLab(page, '#/lab/raft?seed=1&spares=2', { paused: true });
  await advance(page, 1000);
  const first = await leaderId(page);
  const inspector = page.getByTestId('inspector');

  // The setting is in Scenario settings, with what it does in one sentence.
  await page.getByText('Scenario settings').click();
  const spares = page.getByRole('spinbutton', { name: 'Spare servers' });
  await expect(spares).toHaveValue('2');
  await expect(spares).toHaveAccessibleDescription(/run outside the cluster until “Add server”/);
  await page.getByText('Scenario settings').click();

  // A spare knows no configuration and is not in the cluster: the stage says so, in words.
  await expect(page.getByTestId('node-n4')).toHaveAccessibleName(
    'n4, follower, not in cluster, term 0',
  );
  await expect(page.getByTestId('node-n4')).toContainText('not in cluster · term 0');
  await page.getByTestId('node-n4').click();
  await expect(inspector.getByTestId('raft-membership')).toHaveText('not in cluster');
  await expect(inspector.getByTestId('raft-configuration')).toHaveText(
    'none (waiting to be added)',
  );
  await page.keyboard.press('Escape');

  // Add server, from the leader's menu: n4 first catches up as a non-voting learner.
  await page.getByTestId(`node-${first}`).click();
  await page.getByRole('button', { name: 'Add server', exact: true }).click();
  await expect(inspector.getByTestId('raft-configuration')).toHaveText('n1, n2, n3 (committed)');
  const progress = inspector.getByRole('table', { name: 'Replication progress' });
  await expect(progress.getByRole('row', { name: /^n4 / })).toContainText('learner');
  await expect(page.getByTestId('event-log')).toContainText(
    `${first} started catching up n4 as a non-voting learner`,
  );

  // Once caught up it joins: the new configuration commits and n4 votes.
  await advance(page, 300);
  await expect(page.getByTestId('event-log')).toContainText(`${first} finds n4 caught up in round`);
  await expect(inspector.getByTestId('raft-configuration')).toHaveText(
    'n1, n2, n3, n4 (committed)',
  );
  await expect(progress.getByRole('row', { name: /^n4 / })).toContainText('voter');
  await expect(page.getByTestId('node-n4')).toHaveAccessibleName(/^n4, follower, term \d+$/);
  await page.getByTestId('node-n4').click();
  await expect(inspector.getByTestId('raft-membership')).toHaveText('voter');
  await page.keyboard.press('Escape');

  // Remove the leader itself: it leads the new configuration without counting itself…
  await page.getByTestId(`node-${first}`).click();
  await page.getByRole('button', { name: 'Remove from cluster', exact: true }).click();
  const without = ['n1', 'n2', 'n3', 'n4'].filter((n) => n !== first);
  await expect(inspector.getByTestId('raft-configuration')).toHaveText(
    `${without.join(', ')} (not committed yet)`,
  );
  await expect(inspector.getByTestId('raft-membership')).toHaveText('removed');
  await expect(page.getByTestId(`node-${first}`)).toHaveAttribute('data-role', 'leader');

  // …steps down once it commits, and the remaining servers elect a new leader.
  await advance(page, 100);
  await expect(page.getByTestId('event-log')).toContainText(
    `${first} stepped down: the configuration without it is committed`,
  );
  await expect(page.getByTestId(`node-${first}`)).toHaveAttribute('data-role', 'follower');
  await expect(page.getByTestId(`node-${first}`)).toHaveAccessibleName(
    new RegExp(`^${first}, follower, removed, term \\d+$`),
  );
  await advance(page, 1000);
  const second = await leaderId(page);
  expect(without).toContain(second);
  await page.getByTestId(`node-${second}`).click();
  await expect(inspector.getByTestId('raft-configuration')).toHaveText(
    `${without.join(', ')} (committed)`,
  );
  await expect(page.locator('[data-check="election-safety"]')).toHaveAttribute(
    'data-holds',
    'true',
  );
});

test('changing two servers at once (broken) elects two leaders in one term: Election Safety turns red', async ({
  page,
}) => {
  // The seed runner's first catch (membership.test.ts, seed 232), replayed from its link.
  await openLab(
    page,
    '#/lab/raft?seed=232&nodes=5&broken=two-at-once&clients=2&load=20&spares=2&run=eyJ2IjoxLCJhY3Rpb25zIjpbWzQsNDAseyJ0eXBlIjoicGFydGl0aW9uIiwiZ3JvdXBzIjpbWyJuNCJdLFsibjEiLCJuMiIsIm4zIiwibjUiXV19XSxbMTEsODAseyJ0eXBlIjoicHJvdG9jb2wiLCJub2RlIjoibjIiLCJhY3Rpb24iOnsiaWQiOiJhZGQtc2VydmVyIn19XSxbMTUsMTIwLHsidHlwZSI6InBhcnRpdGlvbiIsImdyb3VwcyI6W1sibjEiLCJuMyJdLFsibjIiLCJuNCIsIm41Il1dfV0sWzE5LDE2MCx7InR5cGUiOiJjcmFzaCIsIm5vZGUiOiJuMiJ9XSxbMzAsMjAwLHsidHlwZSI6ImNyYXNoIiwibm9kZSI6Im41In1dLFszNiwyNDAseyJ0eXBlIjoibGluay1kZWZhdWx0cyIsImNvbmZpZyI6eyJsb3NzIjowLCJkdXBsaWNhdGUiOjAuMDU1MTU5NjE1ODE4NDExMTEsInJlb3JkZXIiOjAuMTk4OTM1NDY1Nzk0MDU2NjZ9fV0sWzQwLDI4MCx7InR5cGUiOiJyZXN0YXJ0Iiwibm9kZSI6Im4yIn1dLFs0NCwzMjAseyJ0eXBlIjoiaXNvbGF0ZSIsIm5vZGUiOiJuMiJ9XSxbNDgsMzYwLHsidHlwZSI6ImNyYXNoIiwibm9kZSI6Im4yIn1dLFs1NCw0MDAseyJ0eXBlIjoiaGVhbCJ9XSxbNjYsNDQwLHsidHlwZSI6ImxpbmstZGVmYXVsdHMiLCJjb25maWciOnsibG9zcyI6MCwiZHVwbGljYXRlIjowLCJyZW9yZGVyIjowfX1dLFs3Nyw0ODAseyJ0eXBlIjoicHJvdG9jb2wiLCJub2RlIjoibjQiLCJhY3Rpb24iOnsiaWQiOiJyZW1vdmUtc2VydmVyIn19XSxbODYsNTIwLHsidHlwZSI6InByb3RvY29sIiwibm9kZSI6Im40IiwiYWN0aW9uIjp7ImlkIjoiYWRkLXNlcnZlciJ9fV0sWzk0LDU2MCx7InR5cGUiOiJwcm90b2NvbCIsIm5vZGUiOiJuNCIsImFjdGlvbiI6eyJpZCI6ImFkZC1zZXJ2ZXIifX1dLFsxMDEsNjAwLHsidHlwZSI6Imlzb2xhdGUiLCJub2RlIjoibjQifV0sWzExMCw2NDAseyJ0eXBlIjoibGluay1kZWZhdWx0cyIsImNvbmZpZyI6eyJsb3NzIjowLjAxNDU5MjI2MTg0NTI0NTk1OSwiZHVwbGljYXRlIjowLjA3ODQyNzEyNDc5MTc3ODYzLCJyZW9yZGVyIjowfX1dLFsxMTgsNjgwLHsidHlwZSI6InJlc3RhcnQiLCJub2RlIjoibjIifV0sWzEyOCw3MjAseyJ0eXBlIjoicGF1c2UiLCJub2RlIjoibjMifV0sWzEzNSw3NjAseyJ0eXBlIjoiY3V0IiwiZnJvbSI6Im40IiwidG8iOiJuNSIsIm9uZVdheSI6ZmFsc2V9XSxbMTQwLDgwMCx7InR5cGUiOiJoZWFsIn1dLFsxNTAsODQwLHsidHlwZSI6InByb3RvY29sIiwibm9kZSI6Im4xIiwiYWN0aW9uIjp7ImlkIjoicmVtb3ZlLXNlcnZlciJ9fV0sWzE3MCw4ODAseyJ0eXBlIjoiY3Jhc2giLCJub2RlIjoibjQifV0sWzE3OCw5MjAseyJ0eXBlIjoibGluay1kZWZhdWx0cyIsImNvbmZpZyI6eyJsb3NzIjowLCJkdXBsaWNhdGUiOjAuMDEyODE1NjY1NTcwMDg3NzMxLCJyZW9yZGVyIjowLjA3NTI2MzQxNzA5MzA4MzI2fX1dLFsxODMsOTYwLHsidHlwZSI6ImNyYXNoIiwibm9kZSI6Im4xIn1dLFsxODcsMTAwMCx7InR5cGUiOiJjcmFzaCIsIm5vZGUiOiJuMiJ9XSxbMTkyLDEwNDAseyJ0eXBlIjoiaGVhbCJ9XSxbMTk2LDEwODAseyJ0eXBlIjoiaGVhbCJ9XSxbMjA5LDEyMDAseyJ0eXBlIjoibGluay1kZWZhdWx0cyIsImNvbmZpZyI6eyJsb3NzIjowLjAwNDQyMzYzNTI2NjcyMTI0OSwiZHVwbGljYXRlIjowLjA4OTM4Mzk4MzYxMjA2MDU2LCJyZW9yZGVyIjowfX1dLFsyMjYsMTI4MCx7InR5cGUiOiJsaW5rLWRlZmF1bHRzIiwiY29uZmlnIjp7Imxvc3MiOjAsImR1cGxpY2F0ZSI6MCwicmVvcmRlciI6MC4wNzMxNjA1MDkxMTMyMjIzNn19XSxbMjMwLDEzMjAseyJ0eXBlIjoiaGVhbCJ9XSxbMjM0LDEzNjAseyJ0eXBlIjoibGluay1kZWZhdWx0cyIsImNvbmZpZyI6eyJsb3NzIjowLjE1NzQ2OTcxODUzMDc3NDEzLCJkdXBsaWNhdGUiOjAsInJlb3JkZXIiOjB9fV0sWzIzOCwxNDAwLHsidHlwZSI6ImhlYWwifV0sWzI0NiwxNDgwLHsidHlwZSI6InBhcnRpdGlvbiIsImdyb3VwcyI6W1sibjIiLCJuNCJdLFsibjEiLCJuMyIsIm41Il1dfV0sWzI1MCwxNTIwLHsidHlwZSI6InBhcnRpdGlvbiIsImdyb3VwcyI6W1sibjMiLCJuNCIsIm41Il0sWyJuMSIsIm4yIl1dfV0sWzI1OCwxNjAwLHsidHlwZSI6ImhlYWwifV0sWzI4MiwxODAwLHsidHlwZSI6InJlc3RhcnQiLCJub2RlIjoibjEifV0sWzI4NiwxODQwLHsidHlwZSI6ImxpbmstZGVmYXVsdHMiLCJjb25maWciOnsibG9zcyI6MCwiZHVwbGljYXRlIjowLjA2MDU1NjM5OTQyNjQyMzAyLCJyZW9yZGVyIjowfX1dLFsyOTAsMTg4MCx7InR5cGUiOiJwYXJ0aXRpb24iLCJncm91cHMiOltbIm4yIiwibjMiLCJuNCJdLFsibjEiLCJuNSJdXX1dLFsyOTQsMTkyMCx7InR5cGUiOiJjcmFzaCIsIm5vZGUiOiJuMSJ9XSxbMjk4LDE5NjAseyJ0eXBlIjoicmVzdGFydCIsIm5vZGUiOiJuMiJ9XSxbMzAyLDIwMDAseyJ0eXBlIjoiaGVhbCJ9XSxbMzAyLDIwMDAseyJ0eXBlIjoibGluay1kZWZhdWx0cyIsImNvbmZpZyI6eyJsb3NzIjowLCJkdXBsaWNhdGUiOjAsInJlb3JkZXIiOjB9fV0sWzMwMiwyMDAwLHsidHlwZSI6InJlc3RhcnQiLCJub2RlIjoibjEifV0sWzMwMiwyMDAwLHsidHlwZSI6InJlc3VtZSIsIm5vZGUiOiJuMyJ9XSxbMzAyLDIwMDAseyJ0eXBlIjoicmVzdGFydCIsIm5vZGUiOiJuNCJ9XSxbMzAyLDIwMDAseyJ0eXBlIjoicmVzdGFydCIsIm5vZGUiOiJuNSJ9XV19',
    { paused: true },
  );
  const check = page.locator('[data-check="election-safety"]');
  await expect(check).toHaveAttribute('data-holds', 'true');
  await advance(page, 2600);
  await expect(check).toHaveAttribute('data-holds', 'false');
  await expect(check).toContainText('n3 and n2 are both leaders of term 5');
});
