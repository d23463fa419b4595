// An element's width, kept up to date as it resizes, for a chart builder that lays its labels out for the
// room it gets. Rounded down to 8 px steps: a window dragged wider rebuilds the option a few times, not on
// every pixel.
import { type RefCallback, useCallback, useState } from 'react';

const STEP = 8;

export function useElementWidth<T extends HTMLElement>(): [RefCallback<T>, number | undefined] {
  const [width, setWidth] = useState<number | undefined>(undefined);
  const ref = useCallback<RefCallback<T>>((el) => {
    if (el === null) return undefined;
    const update = (px: number) => setWidth(Math.floor(px / STEP) * STEP);
    update(el.getBoundingClientRect().width);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) update(entry.contentRect.width);
    });
    observer.observe(el);
    // React 19 calls a ref callback's returned function when the element goes.
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
