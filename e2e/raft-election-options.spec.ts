/**
 * Raft's election rules as production systems run them (issue 13), tried as a learner would:
 * pre-vote that a healthy leader survives, its round visible on the stage and in the log;
 * CheckQuorum, which makes a leader that can send but not hear step down; and timing
 * warnings beside the fields that cause them. Virtual time moves by the page's hook
 * (`seek`, `advance`), so each seed's story is the same on any machine.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { advance } from './helpers';

const log = (page: Page) => page.getByTestId('event-log');

/** Open a lab link and go to virtual time `ms`, paused there. */
async function openAt(page: Page, hash: string, ms: number): Promise<void> {
  await page.goto(`/${hash}`);
  const frame = await page.evaluate((t) => window.netsplit.seek(t), ms);
  expect(frame?.time).toBe(ms);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
}

/** Open a link's menu from the keyboard (the link may have a message on it). */
async function cutOneWay(page: Page, from: string, to: string): Promise<void> {
  const [a, b] = [from, to].sort();
  await page.getByRole('button', { name: `link ${a}–${b}, connected` }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: `Cut ${from} → ${to}` }).click();
  await expect(page.getByTestId(`link-${a}-${b}`)).toHaveAttribute('data-state', 'one-way');
}

test('pre-vote: a follower that times out cannot depose a healthy leader, and the round is seen', async ({
  page,
}) => {
  await openAt(page, '#/lab/raft?seed=1&nodes=3&preVote=1', 800);
  await expect(page.getByRole('button', { name: 'n2, leader, term 1' })).toBeVisible();

  await page.getByTestId('node-n1').click();
  await page.getByRole('button', { name: 'Timeout', exact: true }).click();
  // The pre-candidate is drawn as such, and said so; its term has not moved.
  const n1 = page.getByTestId('node-n1');
  await expect(n1).toHaveAttribute('data-role', 'pre-candidate');
  await expect(n1).toHaveAccessibleName('n1, pre-candidate, term 1');
  await expect(n1).toContainText('pre-candidate');
  await expect(log(page)).toContainText('n1 asks for pre-votes for term 2');
  // Its requests are on the stage as their own kind.
  await expect(page.locator('[data-kind="PreVote"][data-from="n1"]')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'PreVote from n1 to n3' })).toBeVisible();

  // 20 ms on, both refusals are on their way back; open one and read it.
  await advance(page, 20);
  await expect(log(page)).toContainText(
    /n3 refuses n1’s pre-vote: heard from leader n2 \d+ ms ago/,
  );
  await expect(log(page)).toContainText('n2 refuses n1’s pre-vote: it leads term 1');
  const reply = page.getByRole('button', { name: 'PreVoteReply from n3 to n1' });
  await expect(reply).toHaveAttribute('data-kind', 'PreVoteReply');
  await reply.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('group', { name: 'PreVoteReply from n3 to n1' });
  await expect(menu).toContainText('"voteGranted": false');
  await page.keyboard.press('Escape');

  // 300 ms after the timeout: n2 still leads term 1 and nobody started an election.
  await advance(page, 280);
  await expect(page.getByRole('button', { name: 'n2, leader, term 1' })).toBeVisible();
  await expect(n1).toHaveAttribute('data-role', 'follower');
  await expect(log(page)).not.toContainText('started an election for term 2');
  await expect(log(page)).not.toContainText('saw term 2');
});

test('timing warnings beside their field do not stop a run; CheckQuorum unsticks a leader that cannot hear', async ({
  page,
}) => {
  await openAt(page, '#/lab/raft?seed=5&nodes=3', 0);
  const settings = page.locator('details', { hasText: 'Scenario settings' });
  await settings.getByText('Scenario settings', { exact: true }).click();

  // A heartbeat as slow as the election timeout: a warning in words beside the field.
  const heartbeat = settings.getByRole('spinbutton', { name: /Heartbeat interval/ });
  await heartbeat.fill('250');
  const slow =
    'Warning: The heartbeat (250 ms) is not shorter than the shortest election timeout (150 ms): followers will time out between heartbeats and elections will never settle.';
  await expect(settings.getByText(/The heartbeat \(250 ms\) is not shorter/)).toBeVisible();
  await expect(heartbeat).toHaveAccessibleDescription(slow);
  await expect(heartbeat).not.toHaveAttribute('aria-invalid', 'true');
  // A spread narrower than a round trip: its own warning, beside "Election timeout to".
  const to = settings.getByRole('spinbutton', { name: /Election timeout to/ });
  await to.fill('170');
  await expect(to).toHaveAccessibleDescription(
    /span only 20 ms \(150–170 ms\), less than a round trip/,
  );
  // Warnings and help, as drawn, have no violations axe can find.
  const axe = await new AxeBuilder({ page })
    .include('details.settings')
    .withTags(['wcag2a', 'wcag2aa'])
    .analyze();
  expect(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
  // A warning is advice: Apply runs it.
  await settings.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(page).toHaveURL(/heartbeat=250/);
  await expect(page).toHaveURL(/electionMax=170/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  const frame = await advance(page, 500);
  expect(frame).not.toBeNull();
  await expect(log(page)).toContainText('started an election');
  // The settings stay open across the restart, the warning still beside its field.
  await expect(settings.getByText(/The heartbeat \(250 ms\) is not shorter/)).toBeVisible();

  // Sound timings again, and CheckQuorum on: no warning left; the checkbox says what it does.
  await heartbeat.fill('50');
  await to.fill('300');
  await expect(settings.getByText(/^Warning:/)).toHaveCount(0);
  const checkQuorum = settings.getByRole('checkbox', { name: 'CheckQuorum', exact: true });
  await expect(checkQuorum).toHaveAccessibleDescription(/steps down \(thesis §6\.2\)/);
  await checkQuorum.check();
  await settings.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(page).toHaveURL(/checkQuorum=1/);
  await expect(page).not.toHaveURL(/heartbeat=/);

  // Once n3 leads, n1 and n2 can no longer reach it (n3 still sends); SET x=1 at n3.
  const frameAt200 = await page.evaluate(() => window.netsplit.seek(200));
  expect(frameAt200?.time).toBe(200);
  await expect(page.getByRole('button', { name: 'n3, leader, term 1' })).toBeVisible();
  await cutOneWay(page, 'n1', 'n3');
  await cutOneWay(page, 'n2', 'n3');
  const client = page.getByRole('region', { name: 'Client c1' });
  await client.getByLabel('Server').selectOption('n3');
  await client.getByLabel('Value').fill('1');
  await client.getByRole('button', { name: 'SET', exact: true }).click();
  await expect(client.getByText(/^Waiting/)).toBeVisible();

  // n3 hears nobody for 300 ms and steps down; n1 or n2 leads; the client's retry commits.
  await advance(page, 600);
  await expect(log(page)).toContainText(
    'n3 stepped down: heard from only 1 of 3 servers in the last 300 ms (CheckQuorum)',
  );
  await expect(log(page)).toContainText(/n[12] became leader for term 2/);
  await expect(page.locator('[data-testid="node-n3"][data-role="leader"]')).toHaveCount(0);
  await expect(log(page)).toContainText(/n[12] applied put x=1 \(index 2\)/);
  // The client's answer: x is 1 (a failure would say "refused" or "may or may not").
  await expect(client.getByText(/^Last:/)).toHaveText('Last: put x=1 at n3 → 1');
  await advance(page, 9400);
  await expect(client.getByText(/^Last:/)).toHaveText('Last: put x=1 at n3 → 1');
});
