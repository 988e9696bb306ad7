/**
 * A horizontal grouped bar chart as a small, self-contained SVG (a few KB, no scripts, no
 * fonts to load), written by hand: a chart library would be a dependency larger than the
 * benchmark for one picture, and this output is stable enough to commit and diff.
 */

export interface ChartRow {
  label: string;
  /** One value per series (NaN: not measured, no bar). */
  values: number[];
}

export interface ChartSpec {
  title: string;
  subtitle: string;
  /** What the bars' length means, under the axis. */
  axisLabel: string;
  series: string[];
  rows: ChartRow[];
  /** A vertical reference line (e.g. the one-activity ceiling), with its caption. */
  reference?: { value: number; caption: string };
  /** How a value is printed at the end of its bar. */
  format: (value: number) => string;
}

const COLOURS = ['#1f5fa8', '#e0892b', '#5a9e4b', '#8e5ea2'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The chart as SVG text. */
export function barChartSvg(spec: ChartSpec): string {
  const labelWidth = 270;
  const plotWidth = 420;
  const barHeight = 12;
  const rowGap = 10;
  const top = 64;
  const rowHeight = spec.series.length * barHeight + rowGap;
  const plotHeight = spec.rows.length * rowHeight;
  const width = labelWidth + plotWidth + 80;
  const height = top + plotHeight + 60;
  const finite = spec.rows.flatMap((row) => row.values).filter(Number.isFinite);
  const max = Math.max(...finite, spec.reference?.value ?? 0) * 1.05 || 1;
  const x = (value: number) => labelWidth + (value / max) * plotWidth;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  out.push(`<text x="10" y="20" font-size="14" font-weight="bold">${escape(spec.title)}</text>`);
  out.push(`<text x="10" y="37" fill="#555">${escape(spec.subtitle)}</text>`);
  spec.series.forEach((name, k) => {
    const lx = labelWidth + k * 110;
    out.push(`<rect x="${lx}" y="46" width="10" height="10" fill="${COLOURS[k % COLOURS.length]}"/><text x="${lx + 14}" y="55">${escape(name)}</text>`);
  });
  spec.rows.forEach((row, r) => {
    const y0 = top + r * rowHeight;
    out.push(`<text x="${labelWidth - 6}" y="${y0 + (spec.series.length * barHeight) / 2 + 4}" text-anchor="end">${escape(row.label)}</text>`);
    row.values.forEach((value, k) => {
      if (!Number.isFinite(value)) return;
      const y = y0 + k * barHeight;
      out.push(`<rect x="${labelWidth}" y="${y}" width="${(x(value) - labelWidth).toFixed(1)}" height="${barHeight - 2}" fill="${COLOURS[k % COLOURS.length]}"/>`);
      out.push(`<text x="${(x(value) + 4).toFixed(1)}" y="${y + barHeight - 3}" font-size="10">${escape(spec.format(value))}</text>`);
    });
  });
  const axisY = top + plotHeight;
  out.push(`<line x1="${labelWidth}" y1="${top - 4}" x2="${labelWidth}" y2="${axisY}" stroke="#333"/>`);
  out.push(`<line x1="${labelWidth}" y1="${axisY}" x2="${labelWidth + plotWidth}" y2="${axisY}" stroke="#333"/>`);
  for (let t = 0; t <= 4; t++) {
    const value = (max / 4) * t;
    out.push(`<text x="${x(value).toFixed(1)}" y="${axisY + 14}" text-anchor="middle" fill="#555">${escape(spec.format(value))}</text>`);
  }
  out.push(`<text x="${labelWidth + plotWidth / 2}" y="${axisY + 32}" text-anchor="middle">${escape(spec.axisLabel)}</text>`);
  if (spec.reference) {
    const rx = x(spec.reference.value).toFixed(1);
    out.push(`<line x1="${rx}" y1="${top - 4}" x2="${rx}" y2="${axisY}" stroke="#c0392b" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${rx}" y="${axisY + 48}" text-anchor="middle" fill="#c0392b">${escape(spec.reference.caption)}</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
