import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hostileQueries } from '../../../test/support/search-payloads.js'
import { searchTerms } from './search.analysis.js'
import { formatQuery, highlightTerms, parseQuery, QUERY_MAX_CHARS, rankPhrases, toFts5Match, toTsquery, withCompletions } from './search.query.js'

const term = (word: string) => searchTerms(word)[0]!

describe('search query parsing', () => {
  it('reads words (all required), "phrases", -exclusions, each through the analysis', () => {
    const q = parseQuery('للتحالف "الاتحاد الأفريقي" -والتحالف -"وزير الصحة"')
    assert.deepEqual(q.include, [
      { kind: 'term', term: term('تحالف') },
      { kind: 'phrase', terms: [term('الاتحاد'), term('الافريقي')] },
    ])
    assert.deepEqual(q.exclude, [
      { kind: 'term', term: term('تحالف') },
      { kind: 'phrase', terms: [term('وزير'), term('الصحة')] },
    ])
    assert.equal(formatQuery(q.words), 'للتحالف "الاتحاد الأفريقي" -والتحالف -"وزير الصحة"')
  })

  it('reads typographic quotes as quotes, and an unclosed quote as plain words', () => {
    assert.equal(parseQuery('«الاتحاد الأفريقي»').include[0]!.kind, 'phrase')
    assert.equal(parseQuery('“الاتحاد الأفريقي”').include[0]!.kind, 'phrase')
    const open = parseQuery('"الاتحاد الأفريقي')
    assert.deepEqual(open.include.map((u) => u.kind), ['term', 'term'])
  })

  it('makes the last word a prefix only when typing ahead, at the end, with two letters or more', () => {
    const typing = parseQuery('قمة التحا', { prefix: true })
    assert.deepEqual(typing.include[1], { kind: 'prefix', prefixes: ['التحا', term('التحا')] })
    assert.equal(parseQuery('قمة التحا').include[1]!.kind, 'term', 'not without prefix')
    assert.equal(parseQuery('قمة التحا ', { prefix: true }).include[1]!.kind, 'term', 'a space ends the word')
    assert.deepEqual(parseQuery('قمة ت', { prefix: true }).include, [{ kind: 'term', term: term('قمة') }], 'one letter is too short: left out until it grows')
    assert.equal(parseQuery('قمة -التحا', { prefix: true }).exclude[0]!.kind, 'term', 'never an exclusion')
    assert.equal(parseQuery('"قمة التحا"', { prefix: true }).include[0]!.kind, 'phrase', 'never in a phrase')
  })

  it('reads a word after an article as a definite noun being typed: one letter to complete, a bare article left out', () => {
    assert.deepEqual(parseQuery('اتفاق الس', { prefix: true }).include, [
      { kind: 'term', term: term('اتفاق') },
      { kind: 'prefix', prefixes: ['الس'], initial: 'س' },
    ])
    assert.deepEqual(parseQuery('للت', { prefix: true }).include, [{ kind: 'prefix', prefixes: ['للت'], initial: 'ت' }])
    assert.deepEqual(parseQuery('بالتح', { prefix: true }).include, [{ kind: 'prefix', prefixes: ['بالتح', 'تح'] }], 'بال before two letters: stem keeps it, type-ahead does not')
    for (const bare of ['ال', 'وال', 'بال', 'لل', 'أل']) assert.deepEqual(parseQuery(`اتفاق ${bare}`, { prefix: true }).include, [{ kind: 'term', term: term('اتفاق') }], bare)
    assert.deepEqual(parseQuery('ال', { prefix: true }).include, [], 'nothing to look for yet')
    assert.deepEqual(parseQuery('إلى', { prefix: true }).include, [{ kind: 'prefix', prefixes: ['الي'] }], 'never its stem ال, a prefix of nearly everything')
  })

  it('completes the typed letter: the completions join the prefixes in FTS5, tsquery, ranking and highlighting', () => {
    const q = withCompletions(parseQuery('اتفاق الس', { prefix: true }), ['سلام', 'سعود', 'سلام', 'السياسه'])
    const a = term('اتفاق')
    assert.deepEqual(q.include[1], { kind: 'prefix', prefixes: ['الس'], initial: 'س', completions: ['سلام', 'سعود'] }, 'no repeats, none a prefix already covers')
    assert.equal(toFts5Match(q), `"${a}" AND ("الس" * OR "سلام" OR "سعود")`)
    assert.equal(toTsquery(q), `'${a}' & ('الس':* | 'سلام' | 'سعود')`)
    assert.equal(toTsquery(q, { column: 'title_terms' }), `'${a}':A & ('الس':*A | 'سلام':A | 'سعود':A)`)
    assert.deepEqual(rankPhrases(q), [
      { kind: 'term', term: a },
      { kind: 'prefix', prefix: 'الس' },
      { kind: 'term', term: 'سلام' },
      { kind: 'term', term: 'سعود' },
    ])
    assert.deepEqual(highlightTerms(q), { terms: new Set([a, 'سلام', 'سعود']), prefixes: ['الس'] })
    const plain = parseQuery('اتفاق', { prefix: true })
    assert.equal(withCompletions(plain, ['سلام']), plain, 'nothing to complete')
  })

  it('leaves out stop words unless there is nothing else, but keeps them inside phrases', () => {
    assert.deepEqual(parseQuery('الوزير في الرياض').include, [
      { kind: 'term', term: term('الوزير') },
      { kind: 'term', term: term('الرياض') },
    ])
    assert.deepEqual(parseQuery('من نحن').include.length, 2)
    assert.deepEqual(parseQuery('"الوزير في الرياض"').include, [{ kind: 'phrase', terms: [term('الوزير'), term('في'), term('الرياض')] }])
  })

  it('drops duplicates and words that analyse to nothing; only exclusions search nothing', () => {
    assert.equal(parseQuery('تحالف تحالف للتحالف').include.length, 1)
    assert.deepEqual(parseQuery('؟!، ... ---').include, [])
    const onlyExcluded = parseQuery('-تحالف -مصر')
    assert.equal(onlyExcluded.include.length, 0)
    assert.equal(toFts5Match(onlyExcluded), undefined)
    assert.equal(toTsquery(onlyExcluded), undefined)
  })

  it('compiles to FTS5 and tsquery from quoted terms only', () => {
    const q = parseQuery('تحالف "الاتحاد الأفريقي" -مصر قمة', { prefix: true })
    const [t, a, f] = [term('تحالف'), term('الاتحاد'), term('الأفريقي')]
    const m = term('مصر')
    const prefixes = [...new Set(['قمه', term('قمة')])]
    const ftsPrefix = prefixes.length === 1 ? `"${prefixes[0]}" *` : `(${prefixes.map((x) => `"${x}" *`).join(' OR ')})`
    assert.equal(toFts5Match(q), `("${t}" AND "${a} ${f}" AND ${ftsPrefix}) NOT ("${m}")`)
    assert.equal(toTsquery(q), `'${t}' & ('${a}' <-> '${f}') & (${prefixes.map((x) => `'${x}':*`).join(' | ')}) & !('${m}')`)
    assert.equal(toFts5Match(parseQuery('تحالف'), { column: 'title_terms' }), `{title_terms} : ("${t}")`)
    assert.equal(toTsquery(parseQuery('تحالف'), { column: 'title_terms' }), `'${t}':A`)
    assert.deepEqual(rankPhrases(parseQuery('تحالف -مصر')), [{ kind: 'term', term: t }])
    assert.deepEqual([...highlightTerms(q).terms].sort(), [t, a, f].sort())
  })

  it('never throws on hostile text and never lets syntax through', () => {
    const queries = hostileQueries()
    assert.ok(queries.length > 1000)
    for (const text of queries) {
      for (const prefix of [false, true]) {
        const q = parseQuery(text, { prefix })
        assert.ok(q.words.length <= QUERY_MAX_CHARS)
        const match = toFts5Match(q)
        // Outside quoted strings, only our operators, parentheses and prefix stars.
        if (match) assert.match(match.replace(/"(?:[^"]|"")*"/g, 'S'), /^[S()* ]*(?:(?:AND|OR|NOT)[S()* ]*)*$/, text)
        const tsq = toTsquery(q)
        if (tsq) assert.match(tsq.replace(/'(?:[^'\\]|''|\\.)*'(?::\*?A?)?/g, 'L'), /^[L()&|!<\-> ]*$/, text)
        for (const u of [...q.include, ...q.exclude]) {
          const terms = u.kind === 'term' ? [u.term] : u.kind === 'phrase' ? u.terms : u.prefixes
          for (const t of terms) assert.doesNotMatch(t, /[\s"'\\*^:()]/, `term ${JSON.stringify(t)} of ${JSON.stringify(text)}`)
        }
      }
    }
    assert.doesNotThrow(() => parseQuery(undefined as unknown as string))
  })
})
