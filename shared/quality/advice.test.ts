import { describe, expect, it } from 'vitest';
import { WARNING_ADVICE, WARNING_IDS, adviceFor } from './advice';

describe('warning advice', () => {
  it('fills in the measured figure the way a person would say it', () => {
    expect(adviceFor('packet-loss', 4)).toBe('Your network is losing 4% of audio packets: move closer to Wi-Fi or plug in a cable.');
    expect(adviceFor('packet-loss', 1.46)).toContain('losing 1.5% ');
    expect(adviceFor('packet-loss', 23.6)).toContain('losing 24% ');
    expect(adviceFor('high-jitter', 61.4)).toContain('(61 ms of jitter)');
    expect(adviceFor('low-mos', 3.456)).toContain('dropped to 3.5 out of 5');
    expect(adviceFor('one-way-audio', 3)).toContain('for 3 seconds');
    expect(adviceFor('relay-path', 'TURN/TCP')).toContain('(TURN/TCP)');
  });

  it('every warning has exactly one sentence, and a placeholder only where a figure is given', () => {
    for (const id of WARNING_IDS) {
      const { text, format } = WARNING_ADVICE[id];
      expect(text.match(/[.!?](\s|$)/g)).toHaveLength(1);
      expect(text.includes('{value}')).toBe(format !== 'none');
      expect(adviceFor(id, 12)).not.toContain('{value}');
    }
  });
});
