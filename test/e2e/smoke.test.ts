/**
 * Smoke test through the real UI: app + Agents Playground + headless Chromium. Anna Lind types
 * "hej" in the personal chat and sees the bot's answer.
 * Needs /usr/bin/chromium (bash scripts/ensure-chromium.sh).
 */
import assert from 'node:assert/strict';
import en from '../../src/i18n/en.json';
import { E2eHarness } from './support/harness';

// The Playground always sends locale "en-US" on typed messages (its activity generator hard-codes it),
// so with no language chosen the bot answers in English. "hej" is no command, so the answer is the
// "didn't get that" card. If Anna were not recognised (tenant/aadObjectId from the Playground config
// not in config/organisations.json), the answer would be bot.notMember instead.
const expectedReply = en.bot.unknown;

describe('e2e: smoke through the Agents Playground UI', function () {
  this.timeout(120_000);
  let h: E2eHarness | undefined;

  before(async () => {
    h = await E2eHarness.start({ name: 'smoke' });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await h?.screenshot('e2e-smoke-failed').catch(() => undefined);
  });

  after(async () => {
    await h?.stop();
  });

  it('Anna types "hej" and sees the bot reply in the chat', async () => {
    if (!h) throw new Error('harness not started');
    await h.sendMessage('hej');
    const reply = await h.waitForBotText(expectedReply);
    assert.ok(
      await reply.getByText(expectedReply, { exact: true }).isVisible(),
      'the reply text is visible on its own line',
    );
    await h.screenshot('e2e-smoke');
  });
});
