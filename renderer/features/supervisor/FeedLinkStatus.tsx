import { useAppStore } from '../../store/app-store';

const TEXT = {
  off: 'The session feed is off.',
  loading: 'Loading live sessions…',
  live: 'Live',
  offline: 'Lost the connection to the Warmline host; reconnecting…',
  resuming: 'Reconnected; catching up on what was missed…',
} as const;

/** Whether the board is current, and why not. */
export function FeedLinkStatus() {
  const link = useAppStore((s) => s.feedLink);
  return (
    <p className={`feed-link feed-${link.phase}`} role="status" aria-label="Feed status">
      {link.phase === 'failed' ? `The session feed is unavailable: ${link.error ?? 'unknown error'}` : TEXT[link.phase]}
    </p>
  );
}
