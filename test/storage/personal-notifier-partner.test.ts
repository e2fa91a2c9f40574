/**
 * No personal chat across tenants (decision 0008): the bare personal notifier refuses a partner tenant's
 * professional for good at once (the single-tenant bot cannot open one there), instead of retrying until
 * it gives up — the app wraps it so their cards go to the plan channel or meeting chat instead
 * (src/app/partner-notices.ts, test/graph/partner-notices.test.ts); a host professional without a chat
 * yet stays retryable as before.
 */
import assert from 'node:assert/strict';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { JobError } from '../../src/domain/errors';
import type { Database } from '../../src/storage/database';
import { botPersonalNotifier } from '../../src/teams/personal-notifier';
import { openTestDatabase } from '../support/databases';

const hostTenant = '00000000-0000-4000-8000-00000000a001';
const regionTenant = '00000000-0000-4000-8000-00000000b002';
const reminder = {
  kind: 'followUp.reminder',
  caseId: '5b0c0000-0000-4000-8000-000000000001',
  reference: '2026-0001',
  dueDate: '2026-04-01',
  when: 'due',
} as const;

describe('personal messages to a partner tenant’s professional', () => {
  let db: Database;
  before(async () => {
    db = await openTestDatabase('pglite');
  });
  after(async () => db.close());

  it('fail for good at once; a host professional without a chat yet is retried as before', async () => {
    const adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: '',
        MicrosoftAppPassword: '',
        MicrosoftAppType: 'MultiTenant',
        MicrosoftAppTenantId: '',
      }),
    );
    const notifier = botPersonalNotifier(adapter, '', db, 'sv', [regionTenant]);
    const code = (err: unknown) => (err instanceof JobError ? [err.code, err.retryable] : [String(err)]);
    const partner = await notifier
      .send({ tenantId: regionTenant.toUpperCase(), objectId: '6f1c2d3e-0b01-4a5b-8c9d-000000000b01' }, reminder)
      .then(() => assert.fail('sent'), code);
    assert.deepEqual(partner, ['CrossTenantPersonalChat', false]);
    const host = await notifier
      .send({ tenantId: hostTenant, objectId: '6f1c2d3e-0001-4a5b-8c9d-000000000001' }, reminder)
      .then(() => assert.fail('sent'), code);
    assert.deepEqual(host, ['RecipientUnreachable', true]);
  });
});
