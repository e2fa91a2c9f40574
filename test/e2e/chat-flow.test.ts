/**
 * The whole chat flow through the real Teams client stand-in (Agents Playground) in Chromium, in
 * Swedish: help → new anonymous consultation → a personnummer is refused with the field named →
 * corrected → five questions → wellbeing wheel → case summary. Asserts on the text the user sees.
 */
import assert from 'node:assert/strict';
import { E2eHarness } from './support/harness';

describe('e2e: anonymous consultation, five questions and wheel in the Playground (Swedish)', function () {
  this.timeout(240_000);
  let h: E2eHarness | undefined;

  before(async () => {
    // The organisation forces Swedish (the Playground always reports en-US as the client locale).
    h = await E2eHarness.start({ name: 'chat-flow', appEnv: { DEFAULT_LOCALE: 'sv' } });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await h?.screenshot('e2e-chat-flow-failed').catch(() => undefined);
  });
  after(async () => h?.stop());

  it('walks the flow and shows the right text at each step', async () => {
    if (!h) throw new Error('harness not started');

    await h.sendMessage('hjälp');
    await h.waitForBotText('Samsyn – hjälp');
    await h.screenshot('e2e-1-help');

    await h.sendMessage('ny konsultation');
    await h.waitForBotText('Ny konsultation');
    await h.chooseCardOption('Åldersspann', '10-12 år');
    await h.chooseCardOption('Områden som oroar', 'Trygghet');
    await h.fillCardInput('Vad har du sett eller hört?', 'Barnet 201504122381 är ofta ledset på morgonen');
    await h.fillCardInput('Vad har redan prövats?', 'Samtal med mentor');
    await h.clickCardButton('Skicka');
    await h.waitForBotText(
      /Fältet ”Vad har du sett eller hört\?” verkar innehålla något som kan identifiera barnet \(personnummer\)/,
    );
    const refused = await h.lastCard().innerText();
    assert.ok(!refused.includes('201504122381'), 'the refused value is not shown again');
    await h.screenshot('e2e-2-refused');

    await h.fillCardInput('Vad har du sett eller hört?', 'Barnet är ofta ledset på morgonen');
    await h.clickCardButton('Skicka');
    await h.waitForBotText('Konsultationen är skapad: ärende 2026-0001');
    await h.waitForBotText(/personlig skyldighet att genast anmäla/);
    await h.screenshot('e2e-3-created');

    await h.clickCardButton('Fem frågor');
    await h.waitForBotText('De fem frågorna');
    await h.fillCardInput('1. Vad står i vägen för barnets välbefinnande?', 'Oro och sömnbrist');
    await h.fillCardInput('5. Vilket ytterligare stöd kan behövas från andra?', 'Kanske elevhälsan');
    await h.clickCardButton('Skicka');
    await h.waitForBotText('Svaren på de fem frågorna är sparade.');
    await h.screenshot('e2e-4-questions');

    await h.clickCardButton('Välbefinnandehjulet');
    await h.waitForBotText('Välbefinnandehjulet – Behovskompassen');
    // Area by area: the first area is open, the others wait behind their Fyll i buttons.
    assert.equal(await h.lastCard().getByText('Fyll i', { exact: true }).count(), 8);
    await h.screenshot('e2e-5-wheel-form');
    await h.chooseCardOption('Trygghet – Nivå', 'Stor oro');
    await h.fillCardInput('Trygghet – Oro', 'Rädd att gå hem efter skolan');
    await h.fillCardInput('Trygghet – Barnets egen syn', 'Vill att någon lyssnar');
    await h.clickCardButton('Skicka');
    await h.waitForBotText('Hjulet är sparat.');
    await h.waitForBotText(/personlig skyldighet att genast anmäla/);
    await h.screenshot('e2e-5-wheel');

    const summary = await h.lastCard().innerText();
    assert.match(summary, /Ärende 2026-0001/);
    assert.match(summary, /Anonym konsultation/);
    assert.ok(!summary.includes('201504122381'));
    await h.screenshot('e2e-6-summary');
  });
});
