/**
 * Custom metrics (OpenTelemetry API). Without a started telemetry SDK (src/telemetry.ts) the API
 * hands out no-op instruments, so recording is always safe. Attributes are bounded vocabularies
 * (routed verbs, command ids, job kinds, outcomes), never ids or text.
 */
import { metrics, type Counter } from '@opentelemetry/api';
import type { JobEnded } from './storage/outbox-runner';

export type ActionOutcome = 'ok' | 'refused' | 'failed';

interface Instruments {
  readonly cardActions: Counter;
  readonly commands: Counter;
  readonly outboxJobs: Counter;
}

let instruments: Instruments | undefined;

/** Created on first use: main.ts starts telemetry before the app is loaded, so this is after it. */
function get(): Instruments {
  if (instruments === undefined) {
    const meter = metrics.getMeter('samsyn');
    instruments = {
      cardActions: meter.createCounter('samsyn.card_actions', {
        description: 'Card actions handled, by verb and outcome',
      }),
      commands: meter.createCounter('samsyn.chat_commands', {
        description: 'Chat commands handled, by command and outcome',
      }),
      outboxJobs: meter.createCounter('samsyn.outbox_jobs', { description: 'Outbox jobs ended, by kind and outcome' }),
    };
  }
  return instruments;
}

/** `what` is `verb:<routed verb>` or `command:<command id>` (bot.ts). */
export function countHandled(what: string, outcome: ActionOutcome): void {
  const [type, name = ''] = what.split(':', 2);
  if (type === 'verb') get().cardActions.add(1, { verb: name, outcome });
  else get().commands.add(1, { command: name, outcome });
}

export function countOutboxJob(kind: string, outcome: JobEnded): void {
  get().outboxJobs.add(1, { kind, outcome });
}
