/** The outer services side effects go to. Implemented in src/graph (Microsoft Graph) and src/teams (bot posts). */

export interface CalendarEventRequest {
  readonly organizerId: string;
  /** No child-identifying data: the opaque case reference only. */
  readonly subject: string;
  readonly bodyHtml: string;
  readonly start: Date;
  readonly end: Date;
  readonly attendees: readonly { readonly objectId: string; readonly email: string | null; readonly name: string }[];
  readonly transactionId: string;
}

export interface CalendarPort {
  /** The event created earlier with this transactionId, if any (a retry after a crash finds it). */
  findEventByTransactionId(organizerId: string, transactionId: string): Promise<{ eventId: string; joinUrl: string | null } | null>;
  createMeetingEvent(request: CalendarEventRequest): Promise<{ eventId: string; joinUrl: string | null }>;
  freeSlots(organizerId: string, people: readonly string[], from: Date, to: Date, minutes: number): Promise<{ start: Date; end: Date }[]>;
}
