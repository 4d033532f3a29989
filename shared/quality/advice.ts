/**
 * The call-quality warnings and what we tell the user about each.
 *
 * Like an error catalog: one sentence per warning that a non-engineer can act
 * on, with the measured figure filled in where a number helps ("losing 4 %"
 * is more convincing than "losing packets"). Severity 'critical' means the
 * conversation is already broken (nobody hears someone); 'warn' means it is
 * degraded.
 */
export const WARNING_IDS = ['low-mos', 'packet-loss', 'high-jitter', 'high-delay', 'no-microphone-input', 'one-way-audio', 'relay-path'] as const;
export type WarningId = (typeof WARNING_IDS)[number];
export type WarningSeverity = 'warn' | 'critical';

/** How the measured figure is written into the sentence. */
export type MeasureFormat = 'percent' | 'ms' | 'score' | 'seconds' | 'text' | 'none';

export type WarningAdvice = {
  severity: WarningSeverity;
  format: MeasureFormat;
  /** `{value}` is replaced by the formatted measurement. */
  text: string;
};

export const WARNING_ADVICE: Readonly<Record<WarningId, WarningAdvice>> = {
  'low-mos': {
    severity: 'warn',
    format: 'score',
    text: 'Call quality has dropped to {value} out of 5: close apps that use the network, or plug in a cable instead of Wi-Fi.',
  },
  'packet-loss': {
    severity: 'warn',
    format: 'percent',
    text: 'Your network is losing {value} of audio packets: move closer to Wi-Fi or plug in a cable.',
  },
  'high-jitter': {
    severity: 'warn',
    format: 'ms',
    text: 'Audio is arriving unevenly ({value} of jitter): pause big downloads or video streams, or plug in a cable.',
  },
  'high-delay': {
    severity: 'warn',
    format: 'ms',
    text: 'Your voice takes about {value} to reach the caller, so you may talk over each other: turn off a VPN if you use one, or plug in a cable.',
  },
  'no-microphone-input': {
    severity: 'critical',
    format: 'none',
    text: 'The caller cannot hear you because your microphone picks up no sound: check the microphone chosen in Settings and the mute switch on your headset.',
  },
  'one-way-audio': {
    severity: 'critical',
    format: 'seconds',
    text: 'No audio has reached you from the caller for {value}: if they are talking, hang up and call them back.',
  },
  'relay-path': {
    severity: 'warn',
    format: 'text',
    text: 'Your call goes through a relay server ({value}), which adds delay: if it sounds slow, ask IT to let calls use UDP through the firewall.',
  },
};

/** The advice sentence for a warning, with the measured figure written in. */
export function adviceFor(id: WarningId, measured: number | string | null): string {
  const { format, text } = WARNING_ADVICE[id];
  return text.replace('{value}', formatMeasure(format, measured));
}

function formatMeasure(format: MeasureFormat, measured: number | string | null): string {
  if (measured === null) return 'an unknown amount';
  if (typeof measured === 'string') return measured;
  switch (format) {
    case 'percent':
      // "4%" reads better than "4.00%"; below 10 one decimal still matters (1.5 % vs 2 %).
      return `${measured < 10 ? Number(measured.toFixed(1)) : Math.round(measured)}%`;
    case 'ms':
      return `${Math.round(measured)} ms`;
    case 'score':
      return measured.toFixed(1);
    case 'seconds': {
      const s = Math.round(measured);
      return s === 1 ? '1 second' : `${s} seconds`;
    }
    case 'text':
    case 'none':
      return String(measured);
    default: {
      const unreachable: never = format;
      return String(unreachable);
    }
  }
}
