// Medians with their range, and the table and chart each section prints.
/** One table of the results: each row a measure, each cell the rounds' samples of one contender. */
export interface Section {
  name: string;
  title: string;
  unit: string;
  rows: { measure: string; cells: Record<string, number[]> }[];
}

export interface Sample {
  label: string;
  values: number[];
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export const summary = (values: number[]) => `${fmt(median(values))} [${fmt(Math.min(...values))}-${fmt(Math.max(...values))}]`;

/** A Markdown table: one row per measure, one column per contender. */
export function table(title: string, unit: string, rows: { measure: string; cells: Record<string, number[]> }[]): string {
  const contenders = [...new Set(rows.flatMap((r) => Object.keys(r.cells)))];
  const lines = [`### ${title}`, '', `| measure (${unit}) | ${contenders.join(' | ')} |`, `|---|${contenders.map(() => '---').join('|')}|`];
  for (const row of rows)
    lines.push(`| ${row.measure} | ${contenders.map((c) => (row.cells[c] ? summary(row.cells[c]) : '-')).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

/** A horizontal bar chart of medians, one group per measure. */
export function barChart(title: string, unit: string, rows: { measure: string; cells: Record<string, number[]> }[]): string {
  const contenders = [...new Set(rows.flatMap((r) => Object.keys(r.cells)))];
  const colors = ['#2b6cb0', '#dd6b20', '#38a169', '#805ad5', '#718096'];
  const barHeight = 14;
  const groupHeight = contenders.length * barHeight + 18;
  const width = 760;
  const left = 260;
  let y = 40;
  const parts: string[] = [];
  for (const row of rows) {
    const max = Math.max(...Object.values(row.cells).map(median), 1e-9);
    parts.push(`<text x="8" y="${y + 10}" font-size="12" font-weight="bold">${escapeXml(row.measure)}</text>`);
    contenders.forEach((c, i) => {
      if (!row.cells[c]) return;
      const m = median(row.cells[c]);
      const w = Math.max(1, ((width - left - 90) * m) / max);
      const by = y + 14 + i * barHeight;
      parts.push(`<text x="${left - 6}" y="${by + 10}" font-size="11" text-anchor="end">${escapeXml(c)}</text>`);
      parts.push(`<rect x="${left}" y="${by}" width="${w.toFixed(1)}" height="${barHeight - 3}" fill="${colors[i % colors.length]}"/>`);
      parts.push(`<text x="${left + w + 4}" y="${by + 10}" font-size="11">${fmt(m)}</text>`);
    });
    y += groupHeight;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="sans-serif"><text x="8" y="22" font-size="15">${escapeXml(title)} (${escapeXml(unit)}, median)</text>${parts.join('')}</svg>\n`;
}

const escapeXml = (text: string) => text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Runs each contender once per round, in a different order each round, so drift hits all alike. */
export async function interleaved<T extends string>(
  rounds: number,
  contenders: T[],
  run: (contender: T, round: number) => Promise<void>,
): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...contenders].reverse() : contenders;
    for (const contender of order) await run(contender, round);
  }
}
