// The number/date position picker of the issue step: two boxes drawn over page 1 of the signed
// PDF, where the "Số:" line and the date line were found (pdf.js text), that the clerk drags with
// the mouse or a finger, or moves with the arrow keys once focused (Shift: ten points at a time).
// Positions are in PDF points (origin bottom left) so that they do not depend on the zoom.
import { type KeyboardEvent, type PointerEvent, useEffect, useRef, useState } from 'react';

import { findTextBoxes, type PdfBox } from '../../../../shared/ui/pdf-viewer/find-text';
import type { OutgoingTranslate } from '../i18n';

export interface StampBoxes {
  number: PdfBox;
  date: PdfBox;
}

// Where the lines usually are on an A4 page (Decree 30/2020, appendix I layout), when the text
// cannot be read (a scanned draft).
const USUAL: StampBoxes = {
  number: { x: 90, y: 745, width: 150, height: 16 },
  date: { x: 300, y: 745, width: 230, height: 16 },
};

const NUMBER_LINE = /^\s*Số\s*:/;
const DATE_LINE = /ngày\s*[.…\d\s]*tháng/;

/** The boxes as the issue route takes them: page 1, PDF points from the bottom-left corner. */
export function issuePositions(boxes: StampBoxes) {
  return {
    numberBox: { page: 1, ...boxes.number },
    dateBox: { page: 1, ...boxes.date },
  };
}

/** The boxes to start from: found on page 1 of `src`, else the usual places. */
export function useStampBoxes(src: string | null) {
  const [boxes, setBoxes] = useState<StampBoxes>(USUAL);
  const [found, setFound] = useState<boolean | null>(null);
  // Whether the clerk moved a box: only then are the positions sent with the issue.
  const [moved, setMoved] = useState(false);
  useEffect(() => {
    if (!src) {
      return undefined;
    }
    const controller = new AbortController();
    findTextBoxes(src, 1, [NUMBER_LINE, DATE_LINE], controller.signal).then(
      ([number, date]) => {
        if (controller.signal.aborted) {
          return;
        }
        setBoxes({ number: number ?? USUAL.number, date: date ?? USUAL.date });
        setFound(!!number && !!date);
      },
      () => {
        if (!controller.signal.aborted) {
          setFound(false);
        }
      },
    );
    return () => controller.abort();
  }, [src]);
  const move = (next: StampBoxes) => {
    setBoxes(next);
    setMoved(true);
  };
  return { boxes, setBoxes: move, found, moved };
}

interface PageGeometry {
  width: number;
  height: number;
  scale: number;
}

function clamp(box: PdfBox, page: PageGeometry): PdfBox {
  const maxX = page.width / page.scale - box.width;
  const maxY = page.height / page.scale - box.height;
  return {
    ...box,
    x: Math.round(Math.min(Math.max(0, box.x), Math.max(0, maxX))),
    y: Math.round(Math.min(Math.max(0, box.y), Math.max(0, maxY))),
  };
}

function DraggableBox({
  name,
  box,
  page,
  onMove,
  t,
  tone,
}: {
  name: string;
  box: PdfBox;
  page: PageGeometry;
  onMove: (box: PdfBox) => void;
  t: OutgoingTranslate;
  tone: 'number' | 'date';
}) {
  const drag = useRef<{ x: number; y: number; box: PdfBox } | null>(null);

  const onPointerDown = (event: PointerEvent<HTMLButtonElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, box };
  };
  const onPointerMove = (event: PointerEvent<HTMLButtonElement>) => {
    const start = drag.current;
    if (!start) {
      return;
    }
    const dx = (event.clientX - start.x) / page.scale;
    const dy = (event.clientY - start.y) / page.scale;
    onMove(clamp({ ...start.box, x: start.box.x + dx, y: start.box.y - dy }, page));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const step = event.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const move = moves[event.key];
    if (!move) {
      return;
    }
    event.preventDefault();
    onMove(clamp({ ...box, x: box.x + move[0], y: box.y + move[1] }, page));
  };

  return (
    <button
      type="button"
      className={`cqdt-stamp-box cqdt-stamp-box--${tone}`}
      aria-label={t('boxPosition', { name, x: Math.round(box.x), y: Math.round(box.y) })}
      style={{
        left: box.x * page.scale,
        top: page.height - (box.y + box.height) * page.scale,
        width: box.width * page.scale,
        height: box.height * page.scale,
      }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    >
      <span className="cqdt-stamp-box__label">{name}</span>
    </button>
  );
}

/** The two boxes, for the viewer's overlay of page 1. */
export function StampOverlay({
  boxes,
  page,
  onChange,
  t,
}: {
  boxes: StampBoxes;
  page: PageGeometry;
  onChange: (boxes: StampBoxes) => void;
  t: OutgoingTranslate;
}) {
  return (
    <>
      <DraggableBox
        name={t('numberBox')}
        tone="number"
        box={boxes.number}
        page={page}
        t={t}
        onMove={(number) => onChange({ ...boxes, number })}
      />
      <DraggableBox
        name={t('dateBox')}
        tone="date"
        box={boxes.date}
        page={page}
        t={t}
        onMove={(date) => onChange({ ...boxes, date })}
      />
    </>
  );
}
