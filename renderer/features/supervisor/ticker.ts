/**
 * One 1 Hz clock for every ticking duration on screen. Subscribers write their
 * own text (no React render per second per row), and the interval only runs
 * while something listens.
 */
type Listener = (now: number) => void;
const listeners = new Set<Listener>();
let timer: ReturnType<typeof setInterval> | null = null;

export function onSecond(listener: Listener): () => void {
  listeners.add(listener);
  if (timer === null) {
    timer = setInterval(() => {
      const now = Date.now();
      listeners.forEach((l) => l(now));
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}
