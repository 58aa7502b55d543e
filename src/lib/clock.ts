/** The one source of "now" so tests and schedulers can move time. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that stands still until told to move: for tests. */
export function fakeClock(start: Date | string = '2026-01-01T00:00:00Z') {
  let current = new Date(start).getTime()
  return {
    now: () => new Date(current),
    set: (to: Date | string) => void (current = new Date(to).getTime()),
    advance: (ms: number) => void (current += ms),
  }
}
