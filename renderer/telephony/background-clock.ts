/**
 * Timers that keep running when the window is hidden or minimized. Chromium
 * throttles page timers in background tabs (to once a minute after five
 * minutes), which would starve SIP keep-alives and reconnects; timers in a
 * dedicated worker are not throttled that way.
 */
export interface Clock {
  now(): number;
  after(ms: number, fn: () => void): () => void;
}

const WORKER_SOURCE = `
const timers = new Map();
onmessage = (e) => {
  const { op, id, ms } = e.data;
  if (op === 'set') timers.set(id, setTimeout(() => { timers.delete(id); postMessage(id); }, ms));
  else if (op === 'clear') { clearTimeout(timers.get(id)); timers.delete(id); }
};`;

export function createBackgroundClock(): Clock {
  let worker: Worker | null = null;
  try {
    worker = new Worker(URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' })));
  } catch {
    worker = null; // CSP or platform refused workers: fall back to page timers.
  }
  if (!worker) {
    return {
      now: () => Date.now(),
      after: (ms, fn) => {
        const t = setTimeout(fn, ms);
        return () => clearTimeout(t);
      },
    };
  }
  const w = worker;
  const callbacks = new Map<number, () => void>();
  let next = 1;
  w.onmessage = (e: MessageEvent<number>) => {
    const fn = callbacks.get(e.data);
    callbacks.delete(e.data);
    fn?.();
  };
  return {
    now: () => Date.now(),
    after(ms, fn) {
      const id = next++;
      callbacks.set(id, fn);
      w.postMessage({ op: 'set', id, ms });
      return () => {
        callbacks.delete(id);
        w.postMessage({ op: 'clear', id });
      };
    },
  };
}
