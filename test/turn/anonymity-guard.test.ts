/**
 * The anonymity guard in whole turns: a refused part comes back replaced by a placeholder with the
 * rest of the text kept, and the refused value is in no stored row, draft, audit row, log line or
 * card; words that look like names are asked about and accepted once confirmed; the close reason of
 * an anonymous consultation is checked the same way.
 */
import assert from 'node:assert/strict';
import { people } from '../support/world';
import { inputsOfCard, startBot, visibleText, type BotHarness } from './harness';

async function everythingStored(bot: BotHarness): Promise<string> {
  const tables = ['child_case', 'form_draft', 'assessment', 'case_event', 'audit_log'];
  const rows = await Promise.all(
    tables.map(async (t) => JSON.stringify((await bot.db.query(`SELECT * FROM ${t}`)).rows)),
  );
  return rows.join('\n');
}

describe('chat: the anonymity guard keeps what the user wrote (whole turns)', function () {
  // Each test starts its own bot on a fresh database; on a loaded machine that alone can take 10-20 s.
  this.timeout(60_000);
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => bot.close());

  // Long enough that no random id (a UUID in a stored row or a card) can contain one by chance.
  const secrets = ['150412', '123 45 67', '1234567', 'skola punkt'];
  const assertNowhere = async (card: unknown) => {
    const places = [await everythingStored(bot), bot.logLines.join('\n'), JSON.stringify(card)];
    for (const secret of secrets) for (const place of places) assert.ok(!place.includes(secret), `${secret} found`);
  };

  it('replaces only the refused parts, keeps the rest, and the next submit stores the kept text', async () => {
    const observations =
      'Hon är ofta trött på måndagar. Mamma har pnr 20150412\u00AD2381 och nås på 070–123 45 67 eller anna at skola punkt se. Kl 0815-0900 har hon svenska.';
    const r = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '10-12',
      worryAreas: 'trygghet',
      observations,
      tried: 'Samtal med mentor',
    });
    const kept =
      'Hon är ofta trött på måndagar. Mamma har pnr [personnummer borttaget] och nås på [telefonnummer borttaget] eller [e-postadress borttagen]. Kl 0815-0900 har hon svenska.';
    assert.equal(inputsOfCard(r.card).observations, kept);
    assert.equal(inputsOfCard(r.card).tried, 'Samtal med mentor');
    assert.match(visibleText(r.card), /kan identifiera barnet \(personnummer, telefonnummer, e-postadress\)/);
    assert.equal((await bot.db.query('SELECT * FROM child_case')).rows.length, 0, 'nothing was created');
    const draft = (await bot.db.query<{ data: Record<string, string> }>('SELECT data FROM form_draft')).rows[0];
    assert.equal(draft?.data.observations, kept, 'the draft holds the kept text');
    await assertNowhere(r.card);

    const again = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '10-12',
      worryAreas: 'trygghet',
      observations: inputsOfCard(r.card).observations,
      tried: 'Samtal med mentor',
    });
    assert.match(visibleText(again.card), /Konsultationen är skapad/);
    const details = (await bot.db.query<{ details: { observations: string } }>('SELECT details FROM child_case'))
      .rows[0]?.details;
    assert.equal(details?.observations, kept);
    await assertNowhere(again.card);
  });

  it("uses the placeholder of the user's language", async () => {
    await bot.say(people.anna, 'språk engelska');
    const r = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '10-12',
      worryAreas: '',
      observations: 'Born 150412-2381, lives on Storgatan 12',
      tried: '',
    });
    assert.equal(
      inputsOfCard(r.card).observations,
      'Born [personal identity number removed], lives on [address removed]',
    );
  });

  it("refuses the child's account on social media the same way, named as such", async () => {
    const r = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '10-12',
      worryAreas: 'trygghet',
      observations: 'Hon får hotfulla meddelanden på snapchat: kimmis.t från äldre elever.',
      tried: '',
    });
    assert.equal(
      inputsOfCard(r.card).observations,
      'Hon får hotfulla meddelanden på [konto i sociala medier borttaget] från äldre elever.',
    );
    assert.match(visibleText(r.card), /kan identifiera barnet \(konto i sociala medier\)/);
    assert.equal((await bot.db.query('SELECT * FROM child_case')).rows.length, 0, 'nothing was created');
    const places = [await everythingStored(bot), bot.logLines.join('\n'), JSON.stringify(r.card)];
    for (const place of places) assert.ok(!place.includes('kimmis'), 'the handle is nowhere');
  });

  it('asks about words that look like names and accepts the text once the user confirms', async () => {
    const form = {
      mode: 'anonymous',
      ageBand: '6-9',
      worryAreas: 'trygghet',
      observations: 'Pratade med Kalle Svensson om rasterna.',
      tried: 'Samtal',
    };
    const asked = await bot.invoke(people.anna, 'consultation.submit', form);
    const text = visibleText(asked.card);
    assert.match(text, /”Kalle”, ”Svensson” kan vara ett namn/);
    assert.match(text, /Jag bekräftar att texten inte innehåller namn på barnet eller familjen/);
    assert.ok('namesConfirmed' in inputsOfCard(asked.card), 'the confirm toggle is on the card');
    assert.equal(inputsOfCard(asked.card).observations, form.observations, 'the text is kept as written');
    assert.equal((await bot.db.query('SELECT * FROM child_case')).rows.length, 0, 'not created before confirming');

    const confirmed = await bot.invoke(people.anna, 'consultation.submit', { ...form, namesConfirmed: 'true' });
    assert.match(visibleText(confirmed.card), /Konsultationen är skapad/);
    assert.equal((await bot.db.query('SELECT * FROM child_case')).rows.length, 1);
  });

  it('does not ask about institutions, places and titles the unit configures', async () => {
    const r = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '6-9',
      worryAreas: '',
      observations: 'Kurator och BUP i Lund har träffat eleven på Norrskolan, enligt Socialtjänsten.',
      tried: '',
    });
    assert.match(visibleText(r.card), /Konsultationen är skapad/);
  });

  it('guards the five questions of an anonymous consultation the same way', async () => {
    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '6-9',
      worryAreas: '',
      observations: '',
      tried: '',
    });
    const caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id;
    const r = await bot.invoke(people.anna, 'questions.submit', {
      caseId,
      version: 0,
      q1: 'Sover dåligt, ring 0701234567 för mer.',
      q2: 'Nej',
    });
    assert.equal(inputsOfCard(r.card).q1, 'Sover dåligt, ring [telefonnummer borttaget] för mer.');
    assert.equal(inputsOfCard(r.card).q2, 'Nej');
    assert.equal((await bot.db.query('SELECT * FROM assessment')).rows.length, 0);
    await assertNowhere(r.card);
  });

  it('checks the close reason of an anonymous consultation: the number replaced, the case left open', async () => {
    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '6-9',
      worryAreas: '',
      observations: '',
      tried: '',
    });
    const row = (await bot.db.query<{ id: string; version: number }>('SELECT id, version FROM child_case')).rows[0];
    const r = await bot.invoke(people.anna, 'case.closeSubmit', {
      caseId: row?.id,
      version: row?.version,
      reason: 'Mamma tar kontakt själv på 070-1234567.',
    });
    assert.equal(inputsOfCard(r.card).reason, 'Mamma tar kontakt själv på [telefonnummer borttaget].');
    assert.match(visibleText(r.card), /kan identifiera barnet \(telefonnummer\)/);
    const after = (
      await bot.db.query<{ stage: string; close_reason: string | null }>('SELECT stage, close_reason FROM child_case')
    ).rows[0];
    assert.deepEqual(after, { stage: 'consultation', close_reason: null });
    await assertNowhere(r.card);

    const names = await bot.invoke(people.anna, 'case.closeSubmit', {
      caseId: row?.id,
      version: row?.version,
      reason: 'Ahmed får stöd av mentor.',
    });
    assert.match(visibleText(names.card), /”Ahmed” kan vara ett namn/);
    const closed = await bot.invoke(people.anna, 'case.closeSubmit', {
      caseId: row?.id,
      version: row?.version,
      reason: 'Ahmed får stöd av mentor.',
      namesConfirmed: 'true',
    });
    assert.match(visibleText(closed.card), /stängt|avslutat/i);
    assert.equal((await bot.db.query<{ stage: string }>('SELECT stage FROM child_case')).rows[0]?.stage, 'closed');
  });
});
