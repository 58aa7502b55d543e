import { readFileSync } from 'node:fs'

/**
 * Hostile search queries: the SQL-injection lists and XSS polyglots of ../shared/data/payloads/,
 * the big list of naughty strings, FTS5 and tsquery syntax, and overlong text (read at test time).
 */
export function hostileQueries(): string[] {
  const dir = new URL('../../../shared/data/payloads/', import.meta.url)
  const lines = (file: string) => readFileSync(new URL(file, dir), 'utf8').split(/\r?\n/).filter(Boolean)
  const sqli = ['patt-Generic_ErrorBased.txt', 'patt-Generic_TimeBased.txt', 'patt-Generic_UnionSelect.txt', 'patt-Auth_Bypass.txt', 'patt-SQLi_Polyglots.txt', 'patt-Generic_Fuzz.txt'].flatMap((f) => lines(`sqli/${f}`))
  const xss = lines('xss/patt-XSS_Polyglots.txt')
  const naughty = JSON.parse(readFileSync(new URL('strings/blns.json', dir), 'utf8')) as string[]
  const syntax = ['*', '"', '""', '"""', '^تحالف', 'تحالف*', 'NEAR(a b)', 'a OR b', 'a AND NOT b', '{title_terms}: x', 'title_terms:x', '(', ')', '-', '--', '- -تحالف', "'", "\\'", '\\', ':*', '!', '&', '|', '<->', "'a':*A", 'a:*', '\u0000', '٫', 'ـــ']
  return [...sqli, ...xss, ...naughty, ...syntax, 'تحالف '.repeat(100), 'ا'.repeat(600)]
}
