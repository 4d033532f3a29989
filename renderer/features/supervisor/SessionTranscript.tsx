import { memo, useLayoutEffect, useRef } from 'react';
import type { TranscriptLine } from '../../../shared/feed/session-board';
import { clock, SPEAKER_LABEL } from './format';

/** Within this many pixels of the bottom, the log follows new turns; scrolled further up, it stays put. */
const FOLLOW_SLACK_PX = 24;

/** The conversation turn by turn; live, it follows new turns unless the supervisor scrolled back to read. */
export function SessionTranscript({ transcript, interim, live }: { transcript: readonly TranscriptLine[]; interim: readonly TranscriptLine[]; live: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  useLayoutEffect(() => {
    const el = box.current;
    if (live && el && following.current) el.scrollTop = el.scrollHeight;
  }, [transcript, interim, live]);
  return (
    <section className="session-transcript">
      <h3>Transcript</h3>
      <div
        ref={box}
        role="log"
        aria-label="Transcript"
        aria-live={live ? 'polite' : 'off'}
        className="transcript-log"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_SLACK_PX;
        }}
      >
        {transcript.length === 0 && interim.length === 0 && <p className="empty">Nothing said yet.</p>}
        {transcript.map((t) => (
          <Turn key={t.seq} turn={t} />
        ))}
        {/* Partial recognition: shown as it forms, kept out of what screen readers announce. */}
        {interim.map((t) => (
          <p key={`interim-${t.speaker}`} className={`turn interim speaker-${t.speaker}`} aria-hidden="true">
            <span className="who">{SPEAKER_LABEL[t.speaker]}</span>
            <span className="text">{t.text}…</span>
            <time dateTime={t.at}>{clock(t.at)}</time>
          </p>
        ))}
      </div>
    </section>
  );
}

/** A turn never changes once said: a long transcript re-renders only the new ones. */
const Turn = memo(function Turn({ turn: t }: { turn: TranscriptLine }) {
  return (
    <p className={`turn speaker-${t.speaker}`}>
      <span className="who">{SPEAKER_LABEL[t.speaker]}</span>
      <span className="text">{t.text}</span>
      <time dateTime={t.at}>{clock(t.at)}</time>
    </p>
  );
});
