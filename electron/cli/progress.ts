import type { DemoProgress } from '../core/demo';

/** Progress on stderr: one rewritten line on a terminal, one line per phase elsewhere. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: DemoProgress) => void {
  let lastLabel = '';
  return (p) => {
    const percent = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${p.label} ${percent}%`);
      if (p.done >= p.total) stream.write('\n');
    } else if (p.label !== lastLabel) {
      stream.write(`${p.label}\n`);
    }
    lastLabel = p.label;
  };
}
