import { summaryKinds, type ImportSummary } from './wordpress.run.js'

const number = (n: number) => n.toLocaleString('en-US')

/**
 * The end-of-import report as lines of text (what `sahifa import wordpress` prints on stdout):
 * per kind imported / updated / kept, comments by status, redirects, skipped things with why,
 * and the rate.
 *
 * @example formatImportSummary(summary).join('\n')
 */
export function formatImportSummary(s: ImportSummary): string[] {
  const rate = s.seconds > 0 ? Math.round(s.items / s.seconds) : s.items
  const lines = [
    `${s.dryRun ? 'Dry run (nothing was changed): ' : ''}WordPress import from ${s.source}${s.site.title ? ` — ${s.site.title}` : ''}`,
    `${number(s.items)} posts and pages in ${s.seconds.toFixed(1)} s (${number(rate)} items/s)`,
    '',
    `${'kind'.padEnd(12)}${'imported'.padStart(10)}${'updated'.padStart(10)}${'kept'.padStart(10)}`,
  ]
  for (const kind of summaryKinds) {
    const c = s.counts[kind]
    lines.push(`${kind.padEnd(12)}${number(c.imported).padStart(10)}${number(c.updated).padStart(10)}${number(c.kept).padStart(10)}`)
  }
  lines.push('', `comments by status: approved ${number(s.comments.approved)}, pending ${number(s.comments.pending)}, spam ${number(s.comments.spam)}, trash ${number(s.comments.trash)}`)
  lines.push(`redirects (old addresses → 301): ${number(s.redirects)}`)
  lines.push('kept: already in Sahifa (an earlier import, or the same email or slug), or changed here since the last import: left as they are')
  if (s.skipped.length > 0) {
    lines.push('', 'skipped:')
    for (const { reason, count } of s.skipped) lines.push(`  ${number(count).padStart(8)}  ${reason}`)
  }
  return lines
}
