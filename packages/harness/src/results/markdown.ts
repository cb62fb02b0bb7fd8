import type { ResultFile } from './result-file.js';

function formatNumber(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/**
 * The Markdown table: one line per column of the paper's table (dataset × setting), one column per
 * model × metric, "ours (paper)" in each cell, the best of ours per line and metric in bold, and a
 * header that says the scale and backend so that no one mistakes a small run for the paper's setting.
 */
export function renderMarkdown(result: ResultFile, plotLinks: Array<{ label: string; file: string }>): string {
  const rows = result.rows.filter((r) => result.cells.some((c) => c.row === r.id));
  const columns = result.columns.filter((c) => result.cells.some((cell) => cell.column === c.id));
  const lines: string[] = [];
  lines.push(`# ${result.title} — ${result.scale} scale`, '');
  lines.push(`Paper: ${result.paper.citation}, ${result.paper.table} (${result.paper.url}).`);
  const notPaper = result.scale === 'paper' ? '' : ' **This is not the paper\'s setting**: compare rankings and gaps, not absolute numbers.';
  lines.push(
    `Scale **${result.scale}**: ${result.scaleDescription}. Backend **${result.backend.name}** on ${result.machine.cpu} ` +
      `(${result.machine.cores} cores${result.machine.gpuAdapter ? `, ${result.machine.gpuAdapter}` : ''}); seeds ${result.seeds.join(', ')}; ` +
      `${(result.wallTimeSeconds / 60).toFixed(1)} min of compute; commit ${result.git?.commit.slice(0, 10) ?? 'unknown'}${result.git?.dirty ? ' (dirty)' : ''}.${notPaper}`,
  );
  if (result.paper.note) lines.push('', result.paper.note);
  lines.push('', 'Each cell: ours (mean ± std over seeds) and, in parentheses, the paper\'s number; — where the paper\'s number is not available. Bold: our best per line and metric.', '');

  const header = ['setting', ...rows.flatMap((r) => result.metrics.map((m) => `${r.label} ${m.label}`))];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const column of columns) {
    const cells = rows.map((r) => result.cells.find((c) => c.row === r.id && c.column === column.id));
    const best = Object.fromEntries(
      result.metrics.map((m) => {
        const means = cells.map((c) => c?.metrics[m.id]?.mean).filter((v): v is number => v !== undefined);
        return [m.id, m.direction === 'lower' ? Math.min(...means) : Math.max(...means)];
      }),
    );
    const values = cells.flatMap((cell) =>
      result.metrics.map((m) => {
        const ours = cell?.metrics[m.id];
        if (ours === undefined) return 'n/a';
        const text = `${formatNumber(ours.mean, m.digits)}${ours.values.length > 1 ? ` ± ${formatNumber(ours.std, m.digits)}` : ''}`;
        const shown = ours.mean === best[m.id] && cells.length > 1 ? `**${text}**` : text;
        return `${shown} (${formatNumber(cell?.reported[m.id], m.digits)})`;
      }),
    );
    lines.push(`| ${column.label} | ${values.join(' | ')} |`);
  }
  const missing = result.cells.filter((c) => Object.values(c.reported).some((v) => v === null)).length;
  if (missing > 0) lines.push('', `The paper's numbers are missing for ${missing} of ${result.cells.length} cells: they could not be confirmed from the paper (see the paper note in \`shared/papers/\`).`);
  if (result.findings !== undefined && result.findings.length > 0) {
    lines.push('', '## Findings', '', ...result.findings.map((f) => `- ${f}`));
  }
  if (plotLinks.length > 0) {
    lines.push('', '## Curves', '');
    for (const plot of plotLinks) lines.push(`- [${plot.label}](${plot.file})`);
  }
  return `${lines.join('\n')}\n`;
}
