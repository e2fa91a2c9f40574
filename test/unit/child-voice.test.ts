/**
 * The child's own voice as plain rules (domain/child-voice.ts): content is trimmed and areas where
 * nothing was said are left out, areas must be the wheel's and only the child wishes for a lead; the
 * lead-against-the-wish rule; and the family plan's data carries the child's and guardians' views in
 * the plain shape, areas in the wheel's order and labelled in the reader's language.
 */
import assert from 'node:assert/strict';
import {
  familyVoice,
  isSpeaker,
  leadNeedsReason,
  voiceContent,
  type Voice,
  type VoiceContent,
} from '../../src/domain/child-voice';
import { isDomainError } from '../../src/domain/errors';
import { familyPlanView } from '../../src/domain/family-plan';
import type { PlanVersion } from '../../src/domain/plan';

const none = { good: '', hard: '', wish: '' };
const person = (objectId: string) => ({ tenantId: 't', objectId, displayName: objectId });
const voice = (speaker: Voice['speaker'], content: VoiceContent): Voice => ({
  speaker,
  content,
  version: 1,
  enteredBy: { tenantId: 't', objectId: 'pro', name: 'Pro' },
  enteredAt: new Date('2026-03-02T09:00:00Z'),
});

describe("the child's own voice (domain)", () => {
  it('trims, leaves out areas where nothing was said, and refuses areas not of the wheel', () => {
    const c = voiceContent(
      'child',
      {
        areas: { a: { rating: 'happy', ...none }, b: { rating: null, good: '  ', hard: '', wish: '' } },
        words: { good: ' Fotboll ', hard: '', wish: '' },
        wishedLead: null,
      },
      new Set(['a', 'b']),
    );
    assert.deepEqual(c.areas, { a: { rating: 'happy', ...none } });
    assert.equal(c.words.good, 'Fotboll');
    assert.throws(
      () =>
        voiceContent('child', { areas: { x: { rating: 'sad', ...none } }, words: none, wishedLead: null }, new Set()),
      (e: unknown) => isDomainError(e) && e.field === 'areas.x',
    );
    assert.throws(
      () => voiceContent('guardian-0', { areas: {}, words: none, wishedLead: person('x') }, new Set()),
      (e: unknown) => isDomainError(e) && e.field === 'wishedLead',
    );
    assert.ok(isSpeaker('child') && isSpeaker('guardian-0') && isSpeaker('guardian-12'));
    assert.ok(!isSpeaker('guardian-') && !isSpeaker('guardian-01') && !isSpeaker('parent'));
  });

  it('needs a reason only when a lead other than the one the child wished for is appointed', () => {
    const wish = person('cia');
    assert.equal(leadNeedsReason(null, person('bo'), null), false, 'no wish');
    assert.equal(leadNeedsReason(wish, null, null), false, 'no lead');
    assert.equal(leadNeedsReason(wish, person('cia'), null), false, 'the wished one');
    assert.equal(leadNeedsReason(wish, person('bo'), null), true);
    assert.equal(leadNeedsReason(wish, person('bo'), person('bo')), false, 'the lead already in place');
    assert.equal(leadNeedsReason(wish, person('bo'), person('anna')), true, 'a change of lead');
  });

  it("carries the child's and guardians' views into the family plan, labelled and in wheel order", () => {
    const voices = [
      voice('child', {
        areas: {
          skola: { rating: 'happy', good: 'Matte', hard: '', wish: '' },
          hem: { rating: 'sad', good: '', hard: 'Bråk', wish: 'Lugn' },
        },
        words: { good: 'Fotboll', hard: '', wish: 'Att Anna hjälper mig' },
        wishedLead: null,
      }),
      voice('guardian-1', { areas: { hem: { rating: 'so-so', ...none } }, words: none, wishedLead: null }),
    ];
    const plain = familyVoice(voices, ['Vera', 'Ali'], ['hem', 'skola']);
    assert.deepEqual(plain, {
      child: {
        areas: [
          { areaId: 'hem', rating: 'sad', hard: 'Bråk', wish: 'Lugn' },
          { areaId: 'skola', rating: 'happy', good: 'Matte' },
        ],
        words: 'Fotboll\nAtt Anna hjälper mig',
        good: 'Fotboll',
        wish: 'Att Anna hjälper mig',
      },
      guardians: [{ label: 'Ali', areas: [{ areaId: 'hem', rating: 'so-so' }] }],
    });
    const plan = {
      version: 1,
      agreed: true,
      authorName: 'Pro',
      createdAt: new Date('2026-03-02T09:00:00Z'),
      content: {
        reason: 'Oro',
        needs: [],
        goals: [],
        actions: [],
        childsWishForLead: '',
        leadProfessional: null,
        followUpDate: null,
        disagreements: '',
        consentId: null,
        recipients: [],
      },
    } as unknown as PlanVersion;
    const wheel = [
      { id: 'hem', label: 'Hemmet' },
      { id: 'skola', label: 'Skolan' },
    ];
    const view = familyPlanView({ plan, wheel, unitName: (id) => id, leadEmail: null, voice: plain });
    assert.deepEqual(
      view.voice?.child?.areas.map((a) => [a.label, a.rating]),
      [
        ['Hemmet', 'sad'],
        ['Skolan', 'happy'],
      ],
    );
    assert.equal(view.voice?.guardians[0]?.areas[0]?.label, 'Hemmet');
    assert.equal(familyPlanView({ plan, wheel, unitName: (id) => id, leadEmail: null }).voice, undefined);
    assert.deepEqual(familyVoice([], [], ['hem']), { guardians: [] }, 'nothing recorded');
  });
});
