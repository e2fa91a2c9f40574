/** A collaboration meeting (samverkansmöte / barnteam). Subjects never carry child-identifying data. */
export const meetingStatuses = ['requested', 'created', 'failed', 'cancelled'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

export interface Meeting {
  readonly id: string;
  readonly caseId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly invitedOrgUnitIds: readonly string[];
  readonly invitees: readonly { readonly objectId: string; readonly displayName: string; readonly orgUnitId: string }[];
  /** Idempotency key sent to Graph as `transactionId`. */
  readonly transactionId: string;
  readonly status: MeetingStatus;
  readonly eventId: string | null;
  readonly joinUrl: string | null;
}

/** The subject of the invitation: the opaque case reference only (a consultation meeting for an anonymous consultation). */
export function meetingSubject(
  reference: string,
  locale: 'sv' | 'en',
  kind: 'anonymous' | 'consented' = 'consented',
): string {
  if (kind === 'anonymous')
    return locale === 'sv' ? `Konsultation – ärende ${reference}` : `Consultation – case ${reference}`;
  return locale === 'sv' ? `Samverkansmöte – ärende ${reference}` : `Collaboration meeting – case ${reference}`;
}

/** The meeting chat's thread id (19:meeting_…@thread.v2), read from a Teams join URL. */
export function meetingChatId(joinUrl: string): string | null {
  const m = /\/meetup-join\/([^/?#]+)/.exec(joinUrl);
  if (!m?.[1]) return null;
  try {
    const id = decodeURIComponent(m[1]);
    return /^19:meeting_[^@]+@thread\.v2$/.test(id) ? id : null;
  } catch {
    return null;
  }
}
