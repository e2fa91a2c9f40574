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
  /** Who of the family is invited (names as the consent records them; never their addresses). */
  readonly familyInvited: readonly { readonly kind: 'guardian' | 'child'; readonly name: string | null }[];
  /** The online meeting's lobby: set so only the organisation bypasses it, not set (see docs), or null (no family invited). */
  readonly lobby: 'organization' | 'not-set' | null;
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

/**
 * The invitation's text: the subject again and a plain, neutral line in Swedish and English. With the
 * family invited it says they may wait in the lobby and nothing about the case's content; without,
 * it points the professionals to Samsyn. Never a name, an address or anything about the child.
 */
export function invitationBodyHtml(reference: string, kind: 'anonymous' | 'consented', withFamily: boolean): string {
  const subjects = `<p>${meetingSubject(reference, 'sv', kind)}</p><p>${meetingSubject(reference, 'en', kind)}</p>`;
  return withFamily
    ? `${subjects}<p>Välkommen till mötet. Anslut med länken i inbjudan. Du kan få vänta en stund i väntrummet innan någon släpper in dig.</p><p>Welcome to the meeting. Join with the link in this invitation. You may wait a moment in the lobby until someone lets you in.</p>`
    : `${subjects}<p>Underlaget finns i Samsyn. / The material is in Samsyn.</p>`;
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
