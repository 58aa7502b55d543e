/**
 * One export run, as `sahifa export` asks for it: the format, where it goes (a file written
 * whole or not at all, or stdout), and the counts to report.
 */
import type { Writable } from 'node:stream'
import type { Db } from '../../db/database.js'
import { fileSink, streamSink } from './export.sink.js'
import { exportJson, type ExportProgress } from './json.export.js'
import { exportWxr } from './wxr.export.js'

export type ExportFormat = 'json' | 'wxr'

/** Written into exports as their generator. */
export const GENERATOR = 'Sahifa'

export interface ExportRun {
  format: ExportFormat
  /** A file path; undefined writes to `stdout`. */
  output?: string
  stdout: Writable
  /** wxr: the site's public address (links, media URLs). */
  baseUrl?: string
  now: Date
  onProgress?: (progress: { what: string; done: number; total: number }) => void
}

/**
 * Writes an export. A file appears only when the export is complete (a failure removes the
 * partial one). Returns one line per kind of thing written, e.g. `articles: 120`.
 * @throws Error for wxr without a base URL (links and media URLs need one).
 */
export async function writeExport(db: Db, run: ExportRun): Promise<string[]> {
  if (run.format === 'wxr' && !run.baseUrl) throw new Error('--format wxr needs the site address for links and media: --base-url https://… (or SAHIFA_PUBLIC_URL)')
  if (run.baseUrl && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(run.baseUrl)) throw new Error(`--base-url must be an http(s) address, got ${run.baseUrl}`)
  const sink = run.output ? fileSink(run.output) : streamSink(run.stdout)
  try {
    const counts =
      run.format === 'json'
        ? await exportJson(db, sink, { now: run.now, generator: GENERATOR, onProgress: (p: ExportProgress) => run.onProgress?.({ what: p.section, done: p.done, total: p.total }) })
        : await exportWxr(db, sink, { now: run.now, generator: GENERATOR, baseUrl: run.baseUrl!, onProgress: (p) => run.onProgress?.({ what: 'articles', done: p.done, total: p.total }) })
    await sink.close()
    return Object.entries(counts).map(([what, n]) => `${what}: ${n}`)
  } catch (error) {
    await sink.abort()
    throw error
  }
}
