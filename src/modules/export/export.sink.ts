/**
 * Where an export is written: a file, or a stream such as stdout. Text is buffered into chunks
 * of about 64 KiB and each chunk waits for the stream to drain, so a slow pipe slows the
 * export down instead of filling memory.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Writable } from 'node:stream'

export interface ExportSink {
  /** Buffers text; waits for the stream when a chunk is due and the stream is full. */
  write(text: string): Promise<void>
  /** Writes what is left; a file is then renamed into place. */
  close(): Promise<void>
  /** Stops: a file being written is removed (no half export is ever left under the name asked for). */
  abort(): Promise<void>
}

const CHUNK = 64 * 1024

function bufferedSink(stream: Writable, { name, onClose, onAbort }: { name: string; onClose: () => Promise<void>; onAbort: () => Promise<void> }): ExportSink {
  let buffer = ''
  let failure: Error | undefined
  const describe = (error: NodeJS.ErrnoException) =>
    new Error(error.code === 'EPIPE' ? `${name} was closed before the export was complete` : `cannot write ${name}: ${error.code ?? error.message}`, { cause: error })
  stream.on('error', (error) => {
    failure ??= describe(error)
  })
  const push = async (chunk: string) => {
    if (failure) throw failure
    try {
      if (!stream.write(chunk)) await once(stream, 'drain')
    } catch (error) {
      throw failure ?? describe(error as NodeJS.ErrnoException)
    }
  }
  return {
    async write(text) {
      buffer += text
      if (buffer.length < CHUNK) return
      const chunk = buffer
      buffer = ''
      await push(chunk)
    },
    async close() {
      if (buffer) await push(buffer)
      buffer = ''
      try {
        await onClose()
      } catch (error) {
        throw failure ?? describe(error as NodeJS.ErrnoException)
      }
    },
    async abort() {
      buffer = ''
      await onAbort()
    },
  }
}

/**
 * A stream the caller owns (stdout): never ended here.
 * @example const sink = streamSink(process.stdout)
 */
export function streamSink(stream: Writable): ExportSink {
  return bufferedSink(stream, { name: 'the output', onClose: async () => undefined, onAbort: async () => undefined })
}

/**
 * A file, written under a temporary name beside it and renamed when complete; readable by its
 * owner only (mode 0600): an export holds private data. An existing file of that name is replaced.
 */
export function fileSink(path: string): ExportSink {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.partial`)
  const stream = createWriteStream(temporary, { flags: 'w', mode: 0o600 })
  const finish = async () => {
    stream.end()
    await once(stream, 'close')
  }
  return bufferedSink(stream, {
    name: path,
    onClose: async () => {
      await finish()
      await rename(temporary, path)
    },
    onAbort: async () => {
      stream.destroy()
      await rm(temporary, { force: true })
    },
  })
}
