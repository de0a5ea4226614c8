/**
 * A progress bar on stderr: redrawn in place on a terminal, a line per step in a log file or CI,
 * so a long batch shows it is alive either way.
 */
export class ProgressBar {
  private lastPlain = -1;
  constructor(private readonly total: number, private readonly label: string, private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(done: number): void {
    const width = 30;
    const ratio = this.total === 0 ? 1 : done / this.total;
    if (this.stream.isTTY) {
      const filled = Math.round(ratio * width);
      this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${this.total} ${this.label}`);
      if (done >= this.total) this.stream.write('\n');
      return;
    }
    const step = Math.floor(ratio * 10);
    if (step !== this.lastPlain) {
      this.lastPlain = step;
      this.stream.write(`${done}/${this.total} ${this.label} (${Math.round(ratio * 100)}%)\n`);
    }
  }
}
