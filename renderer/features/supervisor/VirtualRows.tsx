import { Fragment, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

type Props<T> = {
  items: readonly T[];
  /** Every row is this tall (CSS must agree): what makes the window a division, not a measurement. */
  rowHeight: number;
  /** Rows rendered beyond each edge of the viewport, so a fast scroll does not show blank space for a frame. */
  overscan?: number;
  getKey: (item: T) => string;
  renderRow: (item: T, index: number) => ReactNode;
  className?: string;
};

/** Before the first layout (or in a zero-height box): enough rows to fill a typical viewport. */
const FALLBACK_VIEWPORT_ROWS = 20;

/**
 * A window over a long list of fixed-height rows: only the rows in view (plus
 * `overscan`) are in the DOM. The rows sit in normal flow in a block moved by
 * a transform, so scrolling re-renders only the rows that come into view.
 */
export function VirtualRows<T>({ items, rowHeight, overscan = 6, getKey, renderRow, className }: Props<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setViewport(el.clientHeight);
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const visibleRows = viewport > 0 ? Math.ceil(viewport / rowHeight) : FALLBACK_VIEWPORT_ROWS;
  const maxStart = Math.max(0, items.length - visibleRows);
  const first = Math.min(maxStart, Math.floor(scrollTop / rowHeight));
  const start = Math.max(0, first - overscan);
  const end = Math.min(items.length, first + visibleRows + overscan);
  const shown = items.slice(start, end);

  return (
    <div ref={box} role="rowgroup" className={className} tabIndex={0} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div className="vrows-sizer" style={{ height: items.length * rowHeight }}>
        <div className="vrows-window" style={{ transform: `translateY(${start * rowHeight}px)` }}>
          {shown.map((item, i) => (
            <Fragment key={getKey(item)}>{renderRow(item, start + i)}</Fragment>
          ))}
        </div>
      </div>
    </div>
  );
}
