/** CalendarPort on Microsoft Graph. */
import type { Client, PageCollection } from '@microsoft/microsoft-graph-client';
import type { Event } from '@microsoft/microsoft-graph-types';
import type { CalendarPort } from '../app/external-ports';
import { createMeetingEvent, freeSlots, setLobbyToOrganization } from './calendar';
import { mapGraphError } from './graph-errors';
import { allPages } from './paging';

export function graphCalendar(graph: Client): CalendarPort {
  return {
    async findEventByTransactionId(organizerId, transactionId) {
      try {
        const first = (await graph
          .api(`/users/${encodeURIComponent(organizerId)}/events`)
          .filter(`transactionId eq '${transactionId.replace(/'/g, "''")}'`)
          .select(['id', 'onlineMeeting', 'transactionId'])
          .get()) as PageCollection;
        const matches = (e: Event) => e.transactionId === transactionId && e.id !== undefined;
        const found = (await allPages<Event>(graph, first, (e) => !matches(e))).find(matches);
        return found?.id ? { eventId: found.id, joinUrl: found.onlineMeeting?.joinUrl ?? null } : null;
      } catch (err) {
        throw mapGraphError(err, 'calendar.findEvent').error;
      }
    },
    createMeetingEvent: (r) =>
      createMeetingEvent(graph, {
        ...r,
        attendees: r.attendees.map((a) => ({
          objectId: a.objectId,
          name: a.name,
          ...(a.email ? { email: a.email } : {}),
        })),
      }),
    setLobbyToOrganization: (organizerId, joinUrl) => setLobbyToOrganization(graph, organizerId, joinUrl),
    freeSlots: (organizerId, people, from, to, minutes) => freeSlots(graph, organizerId, people, from, to, minutes),
  };
}
