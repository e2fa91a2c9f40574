/** Where the worker child (worker-child.ts) SIGKILLs itself, right after the real call returned. */
export const crashPoints = [
  /** calendar.createMeetingEvent returned (Graph created the event), before saveProgress and the commit. */
  'after-event-created',
  /** Graph accepted the shared channel's creation (202 + operation), before the first poll. */
  'after-channel-requested',
  /** channels.createShared returned the finished channel, before it is stored. */
  'after-channel-created',
  /** poster.post returned (the connector answered with the activity id), before the id is stored. */
  'after-post',
] as const;

export type CrashPoint = (typeof crashPoints)[number];
