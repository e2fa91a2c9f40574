/**
 * Redaction keeps what the user wrote: exactly the identifying part (as written, with its invisible
 * or look-alike characters) is replaced; and the name check's rules for sentence starts, lower case,
 * hyphens and configured words.
 */
import assert from 'node:assert/strict';
import { nameCheckFor } from '../../src/config/anonymity-config';
import { redactIdentifying } from '../../src/domain/anonymity-guard';
import { possibleNameWords } from '../../src/domain/name-finder';

const mark = (kind: string) => `[${kind}]`;

describe('redactIdentifying', () => {
  const cases: [string, string][] = [
    ['Pnr 2015\u00AD0412\u200B-2381, sedan i höstas.', 'Pnr [personnummer], sedan i höstas.'],
    ['Född ２０１５０４１２－２３８１ i Lund', 'Född [personnummer] i Lund'],
    ['ring 070–123\u00A045 67!', 'ring [phone]!'],
    ['Mejl: anna [at] skola [punkt] se – tack', 'Mejl: [email] – tack'],
    ['Bor på Storgatan 12, 223 50 Lund sedan maj', 'Bor på [address], [address] sedan maj'],
    ['Reservnr 20000101-T220\nmer text', 'Reservnr [reserve-number]\nmer text'],
    ['Hon skriver som snapchat: kimmis.t på kvällarna.', 'Hon skriver som [social-media] på kvällarna.'],
    ['Bilderna ligger på https://www.instagram.com/kim_2015/ sedan maj', 'Bilderna ligger på [social-media] sedan maj'],
    [
      'kl 0815-0900 och 0800-1200 0900-1300, frånvaro 07 08 09 10 11 dagar',
      'kl 0815-0900 och 0800-1200 0900-1300, frånvaro 07 08 09 10 11 dagar',
    ],
  ];
  for (const [text, expected] of cases) {
    it(`redacts ${JSON.stringify(text)}`, () => {
      assert.equal(redactIdentifying(text, mark).text, expected);
    });
  }

  it('reports the kinds found, in a fixed order', () => {
    assert.deepEqual(redactIdentifying('anna@skola.se 150412-2381', mark).kinds, ['personnummer', 'email']);
  });
});

describe('possible names', () => {
  const check = nameCheckFor('lunda-norrskolan', [{ name: 'Norrskolan, Lunda kommun' }]);
  const words = (text: string) => possibleNameWords(text, check);

  it('finds listed names, surname shapes and unknown capitalised words', () => {
    assert.deepEqual(words('Vi pratade med Emma om rasten.'), ['Emma']);
    assert.deepEqual(words('Hon bor hos Lejla Hodžić.'), ['Lejla', 'Hodžić']);
    assert.deepEqual(words('Enligt Bergkvists mamma är det lugnt.'), ['Bergkvists']);
    assert.deepEqual(words('kalle svensson är borta'), ['kalle', 'svensson']);
  });

  it('treats a sentence start with care: ordinary words that are names count only before a surname', () => {
    assert.deepEqual(words('Per vecka har hen tre lektioner. Inga elever saknades.'), []);
    assert.deepEqual(words('Björn Andersson ringde.'), ['Björn', 'Andersson']);
    assert.deepEqual(words('Ebbas mamma ringde.'), ['Ebbas']);
  });

  it("never counts configured institutions, places, titles and the unit's own name", () => {
    assert.deepEqual(words('Kurator och BUP i Lund träffade Rektor på Norrskolan. Maria Ungdom kontaktades.'), []);
    assert.deepEqual(words('Vi har haft möte med Elevhälsoteamet och F-klass, SIP-möte v. 12.'), []);
  });

  it('is one check per unit and list of units, prepared once: the same words, each unit its own', () => {
    const units = [{ name: 'Norrskolan, Lunda kommun' }];
    const again = nameCheckFor('lunda-norrskolan', units);
    assert.equal(nameCheckFor('lunda-norrskolan', units), again, 'the same check for the same unit');
    assert.notEqual(nameCheckFor('lunda-bvc', units), again);
    for (let i = 0; i < 2; i++)
      assert.deepEqual(possibleNameWords('Maria Ungdom ringde Kalle Svensson.', again), ['Kalle', 'Svensson']);
    assert.deepEqual(possibleNameWords(' 12, 13 – ', again), []);
  });
});
