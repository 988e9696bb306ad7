/**
 * Small charts for the campaign-run pages, drawn as plain SVG (no chart library). Each one comes
 * with its numbers as text: a bar list is a table with a bar in each row; a column or line chart
 * is an image named by its caption and a one-sentence summary, followed by its values as a table
 * (collapsed under "Werte als Tabelle"). Colours are never the only difference: series differ by
 * dash pattern and marker as well, and a legend names them.
 */
import { useId } from 'react';
import { count } from './run-types';

export interface BarRow {
  key: string;
  label: string;
  value: number;
}

/**
 * A horizontal bar chart that is a table: label, number, and a bar as long as the number's share
 * of the largest one (the bar is decoration; the number says it).
 */
export function BarTable({ caption, rows, labelHeader, valueHeader, empty, className }: { caption: string; rows: BarRow[]; labelHeader: string; valueHeader: string; empty: string; className?: string }) {
  if (rows.length === 0) return <p className="meta">{empty}</p>;
  const max = Math.max(1, ...rows.map((row) => row.value));
  return (
    <div className="table-scroll">
      <table className={`run-bars${className ? ` ${className}` : ''}`}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            <th scope="col" className="run-bars-value">
              {valueHeader}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td className="run-bars-value">
                <div className="run-bar-cell">
                  <span className="run-bars-number">{count(row.value)}</span>
                  <svg className="run-bar" aria-hidden="true" focusable="false" width="100%" height="14">
                    <rect className="run-bar-fill" x="0" y="1" height="12" width={`${row.value > 0 ? Math.max(0.5, (row.value / max) * 100) : 0}%`} />
                  </svg>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A series of a column or line chart. */
export interface Series {
  name: string;
  values: number[];
}

const WIDTH = 720;
const HEIGHT = 260;
const MARGIN = { top: 14, right: 12, bottom: 40, left: 56 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;
/** Series styles by index: colour class, dash pattern, marker. */
const STYLES = [
  { className: 'run-series-0', dash: undefined, marker: 'circle' },
  { className: 'run-series-1', dash: '8 4', marker: 'square' },
  { className: 'run-series-2', dash: '2 3', marker: 'triangle' },
  { className: 'run-series-3', dash: '12 3 2 3', marker: 'diamond' },
] as const;
const styleOf = (index: number) => STYLES[index % STYLES.length]!;

/** The smallest "round" number (1, 2, 2.5, 5 × 10^n) at or above `value`. */
function niceMax(value: number): number {
  if (value <= 4) return Math.max(1, Math.ceil(value));
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Every how many categories an axis label fits (about 12 labels at most). */
const labelStep = (categories: number) => Math.max(1, Math.ceil(categories / 12));

function YAxis({ max }: { max: number }) {
  const ticks = [0, max / 2, max].filter((tick, index, all) => all.indexOf(tick) === index && Number.isInteger(tick));
  return (
    <g className="run-axis">
      {ticks.map((tick) => {
        const y = MARGIN.top + PLOT_H - (tick / max) * PLOT_H;
        return (
          <g key={tick}>
            <line className="run-grid" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y} y2={y} />
            <text x={MARGIN.left - 6} y={y + 4} textAnchor="end">
              {count(tick)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function XLabels({ labels, centerOf }: { labels: string[]; centerOf: (index: number) => number }) {
  const step = labelStep(labels.length);
  return (
    <g className="run-axis">
      <line className="run-baseline" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={MARGIN.top + PLOT_H} y2={MARGIN.top + PLOT_H} />
      {labels.map((label, index) =>
        index % step === 0 ? (
          <text key={index} x={centerOf(index)} y={MARGIN.top + PLOT_H + 18} textAnchor="middle">
            {label}
          </text>
        ) : null,
      )}
    </g>
  );
}

function Legend({ series, lines }: { series: Series[]; lines: boolean }) {
  if (series.length < 2) return null;
  return (
    <ul className="run-legend" aria-label="Legende">
      {series.map((entry, index) => {
        const style = styleOf(index);
        return (
          <li key={entry.name}>
            <svg width="36" height="14" aria-hidden="true" focusable="false" className={style.className}>
              {lines ? (
                <>
                  <line x1="0" x2="36" y1="7" y2="7" strokeDasharray={style.dash} className="run-line" />
                  <Marker kind={style.marker} x={18} y={7} />
                </>
              ) : (
                <rect x="8" y="1" width="20" height="12" className="run-column" />
              )}
            </svg>
            {entry.name}
          </li>
        );
      })}
    </ul>
  );
}

function Marker({ kind, x, y }: { kind: (typeof STYLES)[number]['marker']; x: number; y: number }) {
  switch (kind) {
    case 'circle':
      return <circle className="run-marker" cx={x} cy={y} r={3.5} />;
    case 'square':
      return <rect className="run-marker" x={x - 3.5} y={y - 3.5} width={7} height={7} />;
    case 'triangle':
      return <polygon className="run-marker" points={`${x},${y - 4.5} ${x + 4.5},${y + 3.5} ${x - 4.5},${y + 3.5}`} />;
    default:
      return <polygon className="run-marker" points={`${x},${y - 4.5} ${x + 4.5},${y} ${x},${y + 4.5} ${x - 4.5},${y}`} />;
  }
}

/** The values as a table: one row per category, one column per series (and their sum for several). */
function ValuesTable({ caption, categoryHeader, categories, series }: { caption: string; categoryHeader: string; categories: string[]; series: Series[] }) {
  return (
    <details className="run-chart-data">
      <summary>Werte als Tabelle</summary>
      <div className="table-scroll">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{categoryHeader}</th>
              {series.map((entry) => (
                <th scope="col" key={entry.name} className="run-bars-value">
                  {entry.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((category, index) => (
              <tr key={category}>
                <th scope="row">{category}</th>
                {series.map((entry) => (
                  <td key={entry.name} className="run-bars-value">
                    {count(entry.values[index] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

interface ChartProps {
  /** What the chart shows (its caption and the image's name). */
  title: string;
  /** One sentence with what matters (read with the image). */
  summary: string;
  /** The categories along the x axis in full (in the table). */
  categories: string[];
  /** Shorter labels under the axis (default: the categories). */
  axisLabels?: string[];
  categoryHeader: string;
  series: Series[];
  empty: string;
}

/** Columns per category; several series are stacked. */
export function ColumnChart({ title, summary, categories, axisLabels, categoryHeader, series, empty }: ChartProps) {
  const id = useId();
  if (categories.length === 0) return <p className="meta">{empty}</p>;
  const sums = categories.map((_, index) => series.reduce((sum, entry) => sum + (entry.values[index] ?? 0), 0));
  const max = niceMax(Math.max(0, ...sums));
  const slot = PLOT_W / categories.length;
  const barWidth = Math.max(1, slot * 0.75);
  const xOf = (index: number) => MARGIN.left + index * slot + (slot - barWidth) / 2;
  const heightOf = (value: number) => (value / max) * PLOT_H;
  return (
    <figure className="run-chart">
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <p id={`${id}-summary`} className="meta">
        {summary}
      </p>
      <svg role="img" aria-labelledby={`${id}-title ${id}-summary`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="run-chart-svg" focusable="false">
        <YAxis max={max} />
        {categories.map((category, index) => {
          let base = MARGIN.top + PLOT_H;
          return (
            <g key={category}>
              {series.map((entry, seriesIndex) => {
                const value = entry.values[index] ?? 0;
                const height = heightOf(value);
                base -= height;
                return value > 0 ? <rect key={entry.name} className={`run-column ${styleOf(seriesIndex).className}`} x={xOf(index)} y={base} width={barWidth} height={height} /> : null;
              })}
            </g>
          );
        })}
        <XLabels labels={axisLabels ?? categories} centerOf={(index) => xOf(index) + barWidth / 2} />
      </svg>
      <Legend series={series} lines={false} />
      <ValuesTable caption={title} categoryHeader={categoryHeader} categories={categories} series={series} />
    </figure>
  );
}

/** One line per series over the categories (days), each with its own dash pattern and marker. */
export function LineChart({ title, summary, categories, axisLabels, categoryHeader, series, empty }: ChartProps) {
  const id = useId();
  if (categories.length === 0) return <p className="meta">{empty}</p>;
  const max = niceMax(Math.max(0, ...series.flatMap((entry) => entry.values)));
  const xOf = (index: number) => (categories.length === 1 ? MARGIN.left + PLOT_W / 2 : MARGIN.left + (index / (categories.length - 1)) * PLOT_W);
  const yOf = (value: number) => MARGIN.top + PLOT_H - (value / max) * PLOT_H;
  const markers = categories.length <= 40;
  return (
    <figure className="run-chart">
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <p id={`${id}-summary`} className="meta">
        {summary}
      </p>
      <svg role="img" aria-labelledby={`${id}-title ${id}-summary`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="run-chart-svg" focusable="false">
        <YAxis max={max} />
        {series.map((entry, seriesIndex) => {
          const style = styleOf(seriesIndex);
          const points = categories.map((_, index) => `${xOf(index)},${yOf(entry.values[index] ?? 0)}`).join(' ');
          return (
            <g key={entry.name} className={style.className}>
              {categories.length > 1 ? <polyline className="run-line" points={points} strokeDasharray={style.dash} /> : null}
              {markers || categories.length === 1 ? categories.map((_, index) => <Marker key={index} kind={style.marker} x={xOf(index)} y={yOf(entry.values[index] ?? 0)} />) : null}
            </g>
          );
        })}
        <XLabels labels={axisLabels ?? categories} centerOf={xOf} />
      </svg>
      <Legend series={series} lines />
      <ValuesTable caption={title} categoryHeader={categoryHeader} categories={categories} series={series} />
    </figure>
  );
}
