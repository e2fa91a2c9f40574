/** A small world for storage tests: two municipalities' units, a region, and people acting for them. */
import type { Actor } from '../../src/domain/actor';
import type { Clock } from '../../src/domain/ports';
import type { NewConsent } from '../../src/app/ports';
import { informationCategories } from '../../src/domain/consent';
import { parseOrgConfig } from '../../src/config/org-config';
import type { Database } from '../../src/storage/database';
import { replaceMembership, syncOrgConfig } from '../../src/storage/organisations';
import { repositoriesFor } from '../../src/storage/repositories';
import type { UseCaseContext } from '../../src/app/context';
import { changeStage } from '../../src/app/change-stage';
import type { ChildCase, ConsultationDetails, StageChange } from '../../src/domain/case';
import type { World } from '../../src/app/world';
import { loadLenses, loadQuestions, loadWheels } from '../../src/config/load-wheels';
import { listOrgUnits } from '../../src/storage/organisations';
import { requestScope } from '../../src/storage/request-scope';

export const tenant = '11111111-1111-4111-8111-111111111111';

export const units = {
  school: 'test-skola',
  social: 'test-socialtjanst',
  bvc: 'test-bvc',
  police: 'test-polis',
} as const;

function person(n: number, name: string, orgUnitId: string, roles: Actor['roles']): Actor {
  return {
    tenantId: tenant,
    objectId: `aaaaaaaa-0000-4000-8000-${String(n).padStart(12, '0')}`,
    displayName: name,
    orgUnitId,
    roles,
  };
}

export const people = {
  anna: person(1, 'Anna Skola', units.school, ['professional', 'named-person']),
  bo: person(2, 'Bo Social', units.social, ['professional']),
  cia: person(3, 'Cia BVC', units.bvc, ['professional']),
  eve: person(4, 'Eve Utomstående', units.school, ['professional']),
  lars: person(5, 'Lars Logg', units.social, ['log-reviewer']),
} as const;

export async function seedWorld(db: Database): Promise<void> {
  await syncOrgConfig(
    db,
    parseOrgConfig(
      {
        orgUnits: [
          {
            id: units.school,
            name: 'Testskolan',
            authorityType: 'forskola-skola',
            tenantId: tenant,
            wheelId: 'behovskompassen',
          },
          {
            id: units.social,
            name: 'Socialtjänsten',
            authorityType: 'socialtjanst',
            tenantId: tenant,
            wheelId: 'behovskompassen',
            consultationFunction: { sv: 'Socialtjänstens konsultation', en: "Social services' consultation" },
          },
          { id: units.bvc, name: 'BVC', authorityType: 'bvc', tenantId: tenant, wheelId: 'shanarri' },
          { id: units.police, name: 'Polisen', authorityType: 'polis', tenantId: tenant, wheelId: 'shanarri' },
        ],
      },
      'test world',
    ),
  );
  // The membership cache as the directory sync writes it (storage tests need no directory).
  await replaceMembership(
    db,
    tenant,
    Object.values(people).map(({ tenantId, objectId, displayName, orgUnitId, roles }) => ({
      tenantId,
      objectId,
      displayName,
      orgUnitId,
      roles: [...roles],
      email: null,
    })),
  );
}

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  constructor(private current: Date = new Date('2026-03-02T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

let requestCounter = 0;
export function reposAs(db: Database, actor: Actor, clock: Clock) {
  return repositoriesFor(db, actor, `req-${++requestCounter}`, clock);
}

/** Every information category: a consent that lets a covered unit see the whole case. */
export const everyCategory: NewConsent['informationCategories'] = [...informationCategories];
/** The same, as the consent card's categories input. */
export const everyCategoryInput = everyCategory.join(',');

export function consentFor(
  orgUnitIds: string[],
  clock: Clock,
  days = 180,
  categories: NewConsent['informationCategories'] = everyCategory,
): NewConsent {
  const from = clock.now();
  return {
    givenBy: [
      { kind: 'guardian', name: 'Vårdnadshavare Ett' },
      { kind: 'guardian', name: 'Vårdnadshavare Två' },
    ],
    orgUnitIds,
    informationCategories: categories,
    purpose: 'Samverkan kring stöd i skolan',
    validFrom: from,
    validTo: new Date(from.getTime() + days * 86_400_000),
  };
}

export const childIdentity = {
  name: 'Kim Testsson',
  personnummer: '20150412-2381',
  guardians: [{ name: 'Vårdnadshavare Ett' }, { name: 'Vårdnadshavare Två' }],
};

export const emptyDetails = {
  worryAreas: ['trygghet'],
  observations: 'Trött på morgonen, ofta sen.',
  tried: 'Samtal med mentor.',
};

/** A group consultation's details: the group from the lists, the actions for the group (issue 17, item 3). */
export const groupDetails = {
  worryAreas: ['trygghet'],
  observations: 'Oroligt i gruppen efter rasterna.',
  tried: 'Fasta platser.',
  group: { setting: 'class', sizeBand: '20-29', ageBand: '10-12' },
  groupActions: ['Tydligare struktur vid övergångar'],
} as const satisfies ConsultationDetails;

/** The use-case context for one actor (as every entry point builds it), over the test database's world. */
export async function contextAs(db: Database, actor: Actor, clock: Clock): Promise<UseCaseContext> {
  const world: World = {
    orgUnits: await listOrgUnits(db),
    wheels: loadWheels(),
    questions: loadQuestions(),
    lenses: loadLenses().lenses,
  };
  return requestScope(db, actor, `req-${++requestCounter}`, clock, world).ctx;
}

/** Moves a case's stage through the use case (as every door does), as `actor`. */
export async function stageAs(
  db: Database,
  actor: Actor,
  clock: Clock,
  caseId: string,
  change: StageChange,
  expectedVersion: number,
): Promise<ChildCase> {
  return changeStage(await contextAs(db, actor, clock), caseId, change, expectedVersion);
}
