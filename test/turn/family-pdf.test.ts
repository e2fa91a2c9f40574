/**
 * The plan card offers the family's PDF: "Plan for the family (PDF)" issues a link for the person
 * who clicked (a random token in the URL, only its hash stored, bound to them, the case and the
 * plan version); it works once. A non-party gets the not-found card and no link.
 */
import assert from 'node:assert/strict';
import { planWriteRule } from '../../src/domain/plan';
import { TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';
import type { World } from '../../src/app/world';
import { loadQuestions, loadWheels } from '../../src/config/load-wheels';
import type { Actor } from '../../src/domain/actor';
import type { PlanContent } from '../../src/domain/plan';
import type { Database } from '../../src/storage/database';
import { redeemDownloadLink } from '../../src/storage/family-plan-repository';
import { listOrgUnits } from '../../src/storage/organisations';
import { SamsynBot } from '../../src/teams/bot';
import { dbKinds, openTestDatabase } from '../support/databases';
import {
  consentFor,
  childIdentity,
  emptyDetails,
  FakeClock,
  people,
  reposAs,
  seedWorld,
  units,
} from '../support/world';

type Card = {
  actions?: { type: string; url?: string; verb?: string; data?: Record<string, unknown> }[];
  body?: unknown[];
};

for (const kind of dbKinds) {
  describe(`plan card: the family PDF link [${kind}]`, function () {
    this.timeout(60_000);
    let db: Database;
    let clock: FakeClock;
    let adapter: TestAdapter;
    let caseId: string;

    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      clock = new FakeClock();
      const world: World = { orgUnits: await listOrgUnits(db), wheels: loadWheels(), questions: loadQuestions() };
      const bot = new SamsynBot({
        db,
        calendar: null,
        world,
        clock,
        logger: pino({ level: 'silent' }),
        defaultLocale: 'sv',
        localeForced: false,
        publicBaseUrl: 'https://samsyn.example/',
      });
      adapter = new TestAdapter(async (context) => bot.run(context));
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.social], clock),
      });
      caseId = kase.id;
      await anna.parties.addParty(caseId, { ...people.bo, role: 'participant' });
      const lead = people.anna;
      const plan: PlanContent = {
        reason: 'Skolfrånvaro',
        needs: [],
        goals: [],
        actions: [
          {
            what: 'Morgonstöd',
            who: 'Anna',
            orgUnitId: units.school,
            byWhen: '2026-04-01',
            howWeWillKnow: 'Färre sena',
          },
        ],
        childsWishForLead: 'Anna',
        leadProfessional: {
          tenantId: lead.tenantId,
          objectId: lead.objectId,
          displayName: lead.displayName,
          orgUnitId: lead.orgUnitId,
        },
        followUpDate: '2026-05-01',
        disagreements: '',
        consentId: null,
        recipients: [],
      };
      await anna.plans.savePlan(caseId, plan, true, 0, planWriteRule(plan, true));
    });
    afterEach(async () => db?.close());

    async function invoke(as: Actor, verb: string, data: Record<string, unknown>): Promise<Card> {
      adapter.activeQueue.splice(0);
      await adapter.processActivity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
        channelId: 'msteams',
        locale: 'sv-SE',
        from: { id: `29:${as.objectId}`, name: as.displayName, aadObjectId: as.objectId },
        conversation: {
          id: `personal-${as.objectId}`,
          tenantId: as.tenantId,
          conversationType: 'personal',
          isGroup: false,
          name: '',
        },
        channelData: { tenant: { id: as.tenantId } },
      } as Partial<Activity>);
      const response = adapter.activeQueue.splice(0).find((a) => a.type === 'invokeResponse');
      return ((response?.value as { body?: { value?: Card } } | undefined)?.body?.value ?? {}) as Card;
    }

    it('the plan card offers it, and a party gets a personal single-use link', async () => {
      const planCard = await invoke(people.bo, 'plan.open', { caseId });
      assert.ok(
        planCard.actions?.some(
          (a) => a.verb === 'plan.familyPdf' && JSON.stringify(a.data) === JSON.stringify({ caseId }),
        ),
      );

      const card = await invoke(people.bo, 'plan.familyPdf', { caseId });
      const open = card.actions?.find((a) => a.type === 'Action.OpenUrl');
      assert.match(open?.url ?? '', /^https:\/\/samsyn\.example\/api\/family-plan\/[A-Za-z0-9_-]{43}$/);
      const token = (open?.url ?? '').split('/').pop() ?? '';
      assert.ok(!JSON.stringify(card).includes('Kim'), 'no child data on the card');
      const link = await redeemDownloadLink(db, token, clock);
      assert.deepEqual(
        link && { caseId: link.caseId, objectId: link.objectId, version: link.version, locale: link.locale },
        { caseId, objectId: people.bo.objectId, version: 1, locale: 'sv' },
      );
      assert.equal(await redeemDownloadLink(db, token, clock), null, 'used once');
    });

    it('a non-party gets the not-found card and no link is stored', async () => {
      const card = await invoke(people.eve, 'plan.familyPdf', { caseId });
      assert.ok(!card.actions?.some((a) => a.type === 'Action.OpenUrl'));
      const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_download');
      assert.equal(rows.rows[0]?.n, 0);
    });
  });
}
