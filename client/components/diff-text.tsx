// One side of a two-text comparison with the characters that differ from the other side marked
// (<mark>, so the difference is announced and printed, not only coloured).
import type { SideSegment } from '../../shared/match/char-diff.ts';

export function DiffText({ segments, side }: { segments: readonly SideSegment[]; side: 'from' | 'to' }) {
  return (
    <span className="diff-text">
      {segments.map((segment, i) =>
        segment.changed ? (
          <mark key={i} className={side === 'from' ? 'diff-removed' : 'diff-added'}>
            {segment.text}
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </span>
  );
}
