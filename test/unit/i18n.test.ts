import assert from 'node:assert/strict';
import { resources, toLocale, translator } from '../../src/i18n';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('i18n', () => {
  it('Swedish and English have exactly the same keys, none empty', () => {
    assert.deepEqual(keys(resources.en).sort(), keys(resources.sv).sort());
    for (const k of keys(resources.sv)) {
      assert.notEqual(translator('sv')(k), '', k);
      assert.notEqual(translator('en')(k), '', k);
    }
  });

  it('translates with interpolation in each language', () => {
    assert.equal(translator('sv')('errors.ConsentRequired', { unit: 'BUP' }), 'Samtycke saknas för BUP.');
    assert.equal(translator('en')('errors.ConsentRequired', { unit: 'BUP' }), 'Consent is missing for BUP.');
  });

  it('maps Teams locales', () => {
    assert.equal(toLocale('en-US', 'sv'), 'en');
    assert.equal(toLocale('sv-SE', 'en'), 'sv');
    assert.equal(toLocale('de-DE', 'sv'), 'sv');
    assert.equal(toLocale(undefined, 'en'), 'en');
  });
});
