import type { StateCreator } from 'zustand';
import type { QualitySample } from '../../shared/quality/quality-sample';
import type { AppState } from './app-store';

/** The live timeline keeps the last 60 samples: one minute at the default 1 s interval. */
export const TIMELINE_LENGTH = 60;

export type CallQualityView = {
  latest: QualitySample | null;
  /** Oldest first, at most TIMELINE_LENGTH. */
  timeline: QualitySample[];
};

export type QualitySlice = {
  quality: Record<string, CallQualityView>;
  qualitySampled: (callId: string, sample: QualitySample) => void;
  qualityCleared: (callId: string) => void;
};

export const createQualitySlice: StateCreator<AppState, [], [], QualitySlice> = (set) => ({
  quality: {},
  qualitySampled: (callId, sample) =>
    set((s) => {
      const prev = s.quality[callId]?.timeline ?? [];
      const timeline = prev.length >= TIMELINE_LENGTH ? [...prev.slice(prev.length - TIMELINE_LENGTH + 1), sample] : [...prev, sample];
      return { quality: { ...s.quality, [callId]: { latest: sample, timeline } } };
    }),
  qualityCleared: (callId) =>
    set((s) => {
      if (!s.quality[callId]) return {};
      const { [callId]: _gone, ...rest } = s.quality;
      return { quality: rest };
    }),
});
