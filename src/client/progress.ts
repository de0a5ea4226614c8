/** `[#####-----] 500/1000 signalen`: pure, so the look can be tested without a terminal. */
export function renderBar(done: number, total: number, label: string, width = 30): string {
  const ratio = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`;
}

type Stream = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

/**
 * Progress on stderr, so stdout stays clean for the summary and receipts: redrawn in place on a
 * terminal; in a log file or CI, a plain line per tenth, so a long run shows it is alive
 * without flooding the log.
 */
export class ProgressBar {
  private lastTenth = -1;
  private finished = false;
  constructor(private readonly total: number, private readonly label: string, private readonly stream: Stream = process.stderr) {}

  update(done: number): void {
    if (this.finished) return;
    const line = renderBar(done, this.total, this.label);
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}`);
    } else {
      const tenth = this.total <= 0 ? 10 : Math.floor((done / this.total) * 10);
      if (tenth !== this.lastTenth) {
        this.lastTenth = tenth;
        this.stream.write(`${line}\n`);
      }
    }
    if (done >= this.total) this.finish();
  }

  /** End the bar's line, also when a run stops early, so later output starts on a fresh line. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
