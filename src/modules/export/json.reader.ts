/**
 * A streaming reader for JSON documents shaped like an export: one top-level object whose
 * members are plain values or sections (arrays of records). It yields each plain member whole
 * and each record of a section on its own, so only one record is held in memory at a time,
 * whatever the layout of the file (one record per line, pretty-printed, or all on one line).
 */

export type JsonEvent =
  /** A top-level member that is not a section, parsed whole. */
  | { type: 'member'; key: string; value: unknown }
  /** A section (a top-level array named as one) begins: its elements follow as records. */
  | { type: 'section'; key: string }
  /** One element of the current section (`index` from 0). */
  | { type: 'record'; key: string; value: unknown; index: number }

/** The text is not a JSON document of this shape: where and why. */
export class JsonDocumentError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`)
    this.name = 'JsonDocumentError'
  }
}

type State = 'root' | 'keyOrEnd' | 'key' | 'colon' | 'value' | 'itemOrEnd' | 'item' | 'afterItem' | 'afterMember' | 'done'
type Capture = 'string' | 'nested' | 'scalar'

const QUOTE = 0x22
const BACKSLASH = 0x5c
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
/** Characters that end a number, `true`, `false` or `null`. */
const endsScalar = (c: number) => c === 0x2c || c === 0x7d || c === 0x5d || isSpace(c)

/** The scanner: feed it chunks, collect events. */
class DocumentScanner {
  private state: State = 'root'
  private line = 1
  private key = ''
  private index = 0
  /** The value being captured: pieces from earlier chunks, or undefined when none is. */
  private parts: string[] | undefined
  private capture: Capture = 'scalar'
  private depth = 0
  private inString = false
  private escaped = false
  /** What ends a run of plain string text (its own: `lastIndex` is state). */
  private readonly stringStop = /["\\]/g

  constructor(private readonly isSection: (key: string) => boolean) {}

  push(chunk: string): JsonEvent[] {
    const events: JsonEvent[] = []
    let start = 0
    for (let i = 0; i < chunk.length; ) {
      if (this.parts && this.inString && !this.escaped) {
        // Most of a document is string text: skip to the next quote or backslash natively.
        this.stringStop.lastIndex = i
        i = this.stringStop.exec(chunk)?.index ?? chunk.length
        if (i === chunk.length) break
      }
      const c = chunk.charCodeAt(i)
      if (this.parts) {
        if (this.capture === 'scalar' && !this.inString && endsScalar(c)) {
          // The terminator is not part of the value: it is read again below.
          this.finish(this.parts.join('') + chunk.slice(start, i), events)
          continue
        }
        if (c === 0x0a) this.line++
        i++
        if (this.inString) {
          if (this.escaped) this.escaped = false
          else if (c === BACKSLASH) this.escaped = true
          else if (c === QUOTE) {
            this.inString = false
            if (this.capture === 'string') this.finish(this.parts.join('') + chunk.slice(start, i), events)
          }
        } else if (this.capture === 'nested') {
          if (c === QUOTE) this.inString = true
          else if (c === 0x7b || c === 0x5b) this.depth++
          else if ((c === 0x7d || c === 0x5d) && --this.depth === 0) this.finish(this.parts.join('') + chunk.slice(start, i), events)
        }
        continue
      }
      if (c === 0x0a) this.line++
      if (isSpace(c) || (c === 0xfeff && this.state === 'root')) {
        i++
        continue
      }
      const begin = (capture: Capture) => {
        this.parts = []
        this.capture = capture
        this.depth = capture === 'nested' ? 1 : 0
        this.inString = capture === 'string'
        this.escaped = false
        start = i
        i++
      }
      switch (this.state) {
        case 'root':
          if (c !== 0x7b) this.fail('the document must be a JSON object')
          this.state = 'keyOrEnd'
          i++
          break
        case 'keyOrEnd':
        case 'key':
          if (c === 0x7d && this.state === 'keyOrEnd') {
            this.state = 'done'
            i++
          } else if (c === QUOTE) begin('string')
          else this.fail('expected a member name in double quotes')
          break
        case 'colon':
          if (c !== 0x3a) this.fail(`expected ":" after "${this.key}"`)
          this.state = 'value'
          i++
          break
        case 'value':
          if (c === 0x5b && this.isSection(this.key)) {
            events.push({ type: 'section', key: this.key })
            this.index = 0
            this.state = 'itemOrEnd'
            i++
          } else begin(c === QUOTE ? 'string' : c === 0x7b || c === 0x5b ? 'nested' : 'scalar')
          break
        case 'itemOrEnd':
        case 'item':
          if (c === 0x5d && this.state === 'itemOrEnd') {
            this.state = 'afterMember'
            i++
          } else if (c === 0x5d || c === 0x2c) this.fail(`expected a record in "${this.key}"`)
          else begin(c === QUOTE ? 'string' : c === 0x7b || c === 0x5b ? 'nested' : 'scalar')
          break
        case 'afterItem':
          if (c === 0x2c) this.state = 'item'
          else if (c === 0x5d) this.state = 'afterMember'
          else this.fail(`expected "," or "]" after a record of "${this.key}"`)
          i++
          break
        case 'afterMember':
          if (c === 0x2c) this.state = 'key'
          else if (c === 0x7d) this.state = 'done'
          else this.fail(`expected "," or "}" after "${this.key}"`)
          i++
          break
        case 'done':
          this.fail('text after the end of the document')
      }
    }
    if (this.parts) this.parts.push(chunk.slice(start))
    return events
  }

  /** Checks that the document is complete. */
  end(): void {
    if (this.parts || this.state !== 'done') this.fail('the document ends before it is complete (a cut-off file?)')
  }

  private finish(text: string, events: JsonEvent[]): void {
    this.parts = undefined
    const value = this.parse(text)
    if (this.state === 'keyOrEnd' || this.state === 'key') {
      this.key = value as string
      this.state = 'colon'
    } else if (this.state === 'value') {
      events.push({ type: 'member', key: this.key, value })
      this.state = 'afterMember'
    } else {
      events.push({ type: 'record', key: this.key, value, index: this.index++ })
      this.state = 'afterItem'
    }
  }

  private parse(text: string): unknown {
    try {
      return JSON.parse(text)
    } catch (error) {
      return this.fail(`not valid JSON: ${(error as Error).message}`)
    }
  }

  private fail(reason: string): never {
    throw new JsonDocumentError(this.line, reason)
  }
}

/**
 * Reads a document from text chunks (split anywhere, even inside a string). Top-level arrays
 * whose name `isSection` accepts are streamed record by record; every other member is read
 * whole. Throws JsonDocumentError, with the line, at the first thing that is not JSON or not
 * of this shape.
 *
 * @example for await (const e of readJsonDocument(chunks, (key) => key === 'articles')) if (e.type === 'record') console.log(e.value)
 */
export async function* readJsonDocument(chunks: AsyncIterable<string>, isSection: (key: string) => boolean): AsyncGenerator<JsonEvent> {
  const scanner = new DocumentScanner(isSection)
  for await (const chunk of chunks) yield* scanner.push(chunk)
  scanner.end()
}
