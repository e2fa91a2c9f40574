/** LIX on texts counted by hand. */
import assert from 'node:assert/strict';
import { lix } from '../../src/domain/lix';

describe('LIX readability index', () => {
  it('counts words, sentences and long words (more than six letters) of a known text', () => {
    // 10 words, 2 sentences, 3 long words (samtycke, verksamheter, varandra): 10/2 + 100·3/10 = 35.
    const score = lix('Du ger ditt samtycke. Två verksamheter får prata med varandra!');
    assert.deepEqual(
      { words: score.words, sentences: score.sentences, longWords: score.longWords },
      { words: 10, sentences: 2, longWords: 3 },
    );
    assert.equal(score.lix, 10 / 2 + (100 * 3) / 10);
  });

  it('ends a sentence at a line break (headings, list items) and counts å, ä, ö as letters', () => {
    const score = lix('Hur länge\nTill och med våren. Sedan slutar det');
    assert.equal(score.sentences, 3);
    assert.equal(score.words, 9);
    assert.equal(score.longWords, 0);
    assert.equal(score.lix, 3);
  });

  it('is 0 for a text without words', () => {
    assert.equal(lix(' . \n ').lix, 0);
  });
});
