import type { FigureTable } from './tables.js';

export interface BarChartProps {
  /** Unique on the page: the SVG's title and description are referenced by id. */
  id: string;
  chart: FigureTable['chart'];
  description: string;
}

const width = 640;
const labelHeight = 20;
const barHeight = 18;
const rowGap = 12;
const valueSpace = 64;

/**
 * A horizontal bar chart drawn on the server as SVG: no script, no inline style (colours come
 * from werkplek.css classes and so from the theme). One picture for assistive technology
 * (role="img" named by its <title>, described by its <desc>); the table beside it carries the
 * same numbers for anyone who cannot see the bars. Each bar's label sits above it, so long DDAS
 * end results fit.
 */
export function BarChart({ id, chart, description }: BarChartProps) {
  const max = chart.max ?? Math.max(1, ...chart.bars.map((b) => b.value));
  const rowHeight = labelHeight + barHeight + rowGap;
  const height = Math.max(1, chart.bars.length) * rowHeight;
  const barSpace = width - valueSpace;
  return (
    <svg
      class="werkplek-chart"
      role="img"
      aria-labelledby={`${id}-titel`}
      aria-describedby={`${id}-beschrijving`}
      viewBox={`0 0 ${width} ${height}`}
      width={String(width)}
      height={String(height)}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-titel`} safe>{chart.label}</title>
      <desc id={`${id}-beschrijving`} safe>{`${description} De tabel hieronder bevat dezelfde cijfers.`}</desc>
      {chart.bars.map((bar, i) => {
        const top = i * rowHeight;
        const length = Math.round((Math.min(bar.value, max) / max) * barSpace);
        return (
          <g>
            <text class="werkplek-chart__label" x="0" y={String(top + labelHeight - 6)} safe>{bar.label}</text>
            <rect class="werkplek-chart__track" x="0" y={String(top + labelHeight)} width={String(barSpace)} height={String(barHeight)} />
            <rect class="werkplek-chart__bar" x="0" y={String(top + labelHeight)} width={String(length)} height={String(barHeight)} />
            <text class="werkplek-chart__value" x={String(barSpace + 8)} y={String(top + labelHeight + barHeight - 4)} safe>{bar.text}</text>
          </g>
        );
      })}
    </svg>
  );
}
