import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ESLint } from 'eslint'

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname })

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.map((m) => m.ruleId ?? m.message)
}

describe('import directions (STYLE.md) are enforced by lint', () => {
  it('rejects HTTP and views inside modules', async () => {
    assert.ok((await problems('src/modules/articles/x.ts', "import Fastify from 'fastify'\nexport const a = Fastify\n")).includes('@typescript-eslint/no-restricted-imports'))
    assert.ok((await problems('src/modules/articles/x.ts', "import { paths } from '../../views/paths.js'\nexport const a = paths\n")).includes('@typescript-eslint/no-restricted-imports'))
  })

  it('rejects database access from views, but allows domain types', async () => {
    assert.ok((await problems('src/views/site/x.tsx', "import { openDatabase } from '../../db/database.js'\nexport const a = openDatabase\n")).includes('@typescript-eslint/no-restricted-imports'))
    assert.ok((await problems('src/views/site/x.tsx', "import { findPublishedArticle } from '../../modules/articles/articles.repository.js'\nexport const a = findPublishedArticle\n")).includes('@typescript-eslint/no-restricted-imports'))
    assert.deepEqual(await problems('src/views/site/x.tsx', "import type { ArticleSummary } from '../../modules/articles/articles.repository.js'\nexport type A = ArticleSummary\n"), [])
  })

  it('rejects domain imports from text/ and raw HTML outside trusted-html', async () => {
    assert.ok((await problems('src/text/arabic/x.ts', "import { listCategories } from '../../modules/taxonomy/taxonomy.repository.js'\nexport const a = listCategories\n")).includes('@typescript-eslint/no-restricted-imports'))
    assert.ok((await problems('src/views/site/x.tsx', 'export const A = () => <div dangerouslySetInnerHTML={{ __html: "<b>x</b>" }} />\n')).includes('no-restricted-syntax'))
  })

  it('passes on the project as it is', async () => {
    const results = await eslint.lintFiles(['src'])
    const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${r.filePath}:${m.line} ${m.ruleId}`))
    assert.deepEqual(errors, [])
  })
})
