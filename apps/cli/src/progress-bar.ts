/**
 * Shows a revocation's progress on stderr: a cli-progress bar on a terminal; on a
 * pipe or a file, one line whenever the counts change (a bar redrawn there is noise).
 */
import { SingleBar } from 'cli-progress';
import { percent } from './table';
import { type RevocationView, progressOf } from '@killswitch/api-client';

export interface ProgressDisplay {
  update(view: RevocationView): void;
  stop(): void;
}

function counts(view: RevocationView) {
  const total = Math.max(0, view.target - view.counts.canceled);
  return {
    total,
    pct: percent(progressOf(view)),
    acknowledged: view.counts.acknowledged,
    sent: view.counts.sent,
    queued: view.counts.queued,
    failed: view.counts.failed + view.counts.expired,
  };
}

export function describeProgress(view: RevocationView): string {
  const c = counts(view);
  return `${c.acknowledged}/${c.total} acknowledged (${c.pct}): queued ${c.queued}, sent ${c.sent}, failed ${c.failed}, canceled ${view.counts.canceled}`;
}

export function progressDisplay(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (!stream.isTTY) {
    let lastLine = '';
    return {
      update(view) {
        const line = `${label}: ${describeProgress(view)}`;
        if (line !== lastLine) stream.write(line + '\n');
        lastLine = line;
      },
      stop() {},
    };
  }
  const bar = new SingleBar({
    stream,
    format: `${label} {bar} {pct} | {acknowledged}/{total} acknowledged | queued {queued} sent {sent} failed {failed} | {duration_formatted}`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: false,
  });
  let started = false;
  return {
    update(view) {
      const c = counts(view);
      // The bar needs a total above zero; a revocation with nothing to reach is full.
      const total = Math.max(1, c.total);
      const value = c.total === 0 ? 1 : c.acknowledged;
      if (!started) {
        bar.start(total, value, c);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(value, c);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
