/** The outer edges the domain and use cases depend on; adapters implement them. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
