import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { JsonDocumentError, readJsonDocument, type JsonEvent } from './json.reader.js'

const isSection = (key: string) => key === 'users' || key === 'articles'

async function read(chunks: string[]): Promise<JsonEvent[]> {
  const events: JsonEvent[] = []
  async function* source() {
    yield* chunks
  }
  for await (const e of readJsonDocument(source(), isSection)) events.push(e)
  return events
}

const doc = {
  format: 'sahifa-export',
  version: 1,
  nothing: null,
  yes: true,
  excluded: ['a', 'b'],
  site: { name: 'صحيفة "الغد"', nested: { list: [1, { a: ']}' }] } },
  users: [{ id: 1, name: 'سلمى\n"حداد"\\', tags: [] }, { id: 2, bio: '{[,]}' }],
  articles: [],
  count: -12.5e3,
}

const expected: JsonEvent[] = [
  { type: 'member', key: 'format', value: 'sahifa-export' },
  { type: 'member', key: 'version', value: 1 },
  { type: 'member', key: 'nothing', value: null },
  { type: 'member', key: 'yes', value: true },
  { type: 'member', key: 'excluded', value: ['a', 'b'] },
  { type: 'member', key: 'site', value: doc.site },
  { type: 'section', key: 'users' },
  { type: 'record', key: 'users', value: doc.users[0], index: 0 },
  { type: 'record', key: 'users', value: doc.users[1], index: 1 },
  { type: 'section', key: 'articles' },
  { type: 'member', key: 'count', value: -12500 },
]

describe('readJsonDocument', () => {
  it('reads members whole and sections record by record, in any layout', async () => {
    assert.deepEqual(await read([JSON.stringify(doc)]), expected)
    assert.deepEqual(await read([`\ufeff${JSON.stringify(doc, null, 2)}\n`]), expected)
    assert.deepEqual(await read([JSON.stringify(doc, null, '\t').replace(/\n/g, '\r\n')]), expected)
  })

  it('reads the same whatever the chunks, split anywhere (inside strings, escapes, numbers, emoji)', async () => {
    const text = JSON.stringify({ ...doc, users: [...doc.users, { id: 3, name: '😀 \\u0041 \\" end' }] }, null, 1)
    const whole = await read([text])
    for (let at = 1; at < text.length; at++) assert.deepEqual(await read([text.slice(0, at), text.slice(at)]), whole, `split at ${at}`)
    assert.deepEqual(await read([...text]), whole, 'one character at a time')
  })

  it('fails with the line on what is not a complete document of this shape', async () => {
    const cases: Array<[string, RegExp]> = [
      ['[1, 2]', /line 1: the document must be a JSON object/],
      ['{"users": [{"id": 1}', /ends before it is complete/],
      ['{"users": [{"id": 1},]}', /expected a record in "users"/],
      ['{"users": [{"id": 1} {"id": 2}]}', /expected "," or "]"/],
      ['{\n"format": x}', /line 2: not valid JSON/],
      ['{"a": 1} trailing', /text after the end/],
      ['{"a" 1}', /expected ":" after "a"/],
      ['{a: 1}', /expected a member name/],
      ['{"a": 1,}', /expected a member name/],
      ['', /ends before it is complete/],
    ]
    for (const [text, message] of cases) {
      await assert.rejects(read([text]), (e: unknown) => e instanceof JsonDocumentError && message.test(e.message), text)
    }
  })
})
