import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { QualitySample } from '../../../shared/quality/quality-sample';

/** uPlot wants columns: x (seconds), then one array per series; gaps are null. */
function columns(timeline: readonly QualitySample[]): uPlot.AlignedData {
  return [
    timeline.map((s) => s.at / 1000),
    timeline.map((s) => s.mos),
    timeline.map((s) => s.jitterMs),
    timeline.map((s) => s.lossPct),
  ];
}

const OPTIONS: Omit<uPlot.Options, 'width' | 'height'> = {
  legend: { show: true },
  cursor: { show: true, drag: { x: false, y: false } },
  scales: { x: { time: true }, mos: { range: [1, 4.5] }, ms: { auto: true }, pct: { range: (_u, _min, max) => [0, Math.max(5, max ?? 0)] } },
  axes: [
    {},
    { scale: 'mos', label: 'MOS', size: 40 },
    { scale: 'ms', side: 1, label: 'ms / %', size: 44, grid: { show: false } },
  ],
  series: [
    {},
    { label: 'MOS', scale: 'mos', stroke: '#2563eb', width: 2, value: (_u, v) => (v == null ? '–' : v.toFixed(2)) },
    { label: 'Jitter (ms)', scale: 'ms', stroke: '#d97706', width: 1.5, value: (_u, v) => (v == null ? '–' : v.toFixed(0)) },
    { label: 'Loss (%)', scale: 'ms', stroke: '#dc2626', width: 1.5, value: (_u, v) => (v == null ? '–' : v.toFixed(1)) },
  ],
};

/** The last 60 s of MOS, jitter and loss, drawn with uPlot on a canvas (fast at 1 Hz updates). */
export function QualityTimeline({ timeline }: { timeline: readonly QualitySample[] }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const u = new uPlot({ ...OPTIONS, width: Math.max(240, el.clientWidth || 320), height: 140 }, columns([]), el);
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData(columns(timeline));
  }, [timeline]);

  return <div ref={box} className="quality-timeline" role="img" aria-label="Call quality over the last minute" />;
}
