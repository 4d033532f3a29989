/**
 * A clock for unit tests that moves only when the test says so: timers fire
 * in time order during advance(), each seeing now() at its own due time.
 */
export function manualClock(start = 0) {
  let t = start;
  const timers: Array<{ at: number; fn: () => void; done: boolean }> = [];
  return {
    now: () => t,
    after(ms: number, fn: () => void) {
      const timer = { at: t + ms, fn, done: false };
      timers.push(timer);
      return () => void (timer.done = true);
    },
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        const next = timers.filter((x) => !x.done && x.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        t = next.at;
        next.done = true;
        next.fn();
      }
      t = end;
    },
  };
}
export type ManualClock = ReturnType<typeof manualClock>;
