import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../../lib/errors.js'

/** A file from a multipart form, cut off at the upload limit (`truncated` then says so). */
export interface FormFile {
  bytes: Buffer
  /** The name it had on the sender's machine. */
  name: string
  truncated: boolean
}

/**
 * Registers multipart parsing in this (encapsulated) scope, for forms that send one image.
 * An over-size file is cut off and flagged (FormFile.truncated) instead of thrown, so the form
 * comes back with the typed fields and a specific message.
 */
export async function registerImageForms(app: FastifyInstance, uploadMaxBytes: number): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: uploadMaxBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12, headerPairs: 100 },
  })
}

/**
 * Reads a multipart form: the listed text fields (NUL removed: PostgreSQL refuses it in text)
 * and the file sent as `fileField`. Other parts are skipped. A file input left empty (a browser
 * sends an empty part without a name) counts as no file. A malformed body is a 400 (FORM_MALFORMED).
 * @example const { fields, file } = await readImageForm(request, { fileField: 'photo', textFields: ['_csrf', 'name'] })
 */
export async function readImageForm(
  request: FastifyRequest,
  { fileField, textFields }: { fileField: string; textFields: readonly string[] },
): Promise<{ fields: Record<string, string>; file?: FormFile }> {
  const fields: Record<string, string> = {}
  let file: FormFile | undefined
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== fileField || file) {
          part.file.resume()
          continue
        }
        const bytes = await part.toBuffer()
        if (bytes.length > 0 || part.filename) file = { bytes, name: part.filename, truncated: part.file.truncated }
      } else if (textFields.includes(part.fieldname) && typeof part.value === 'string') {
        fields[part.fieldname] = part.value.replace(/\u0000/g, '')
      }
    }
  } catch (error) {
    // Limits come with their 4xx status; a body cut short or not multipart at all comes from
    // the parser as a plain Error, which would otherwise be a 500.
    const status = (error as { statusCode?: unknown }).statusCode
    if (typeof status === 'number' && status >= 400 && status < 500) throw error
    throw new AppError('FORM_MALFORMED', 400, 'error.badFormEncoding')
  }
  return { fields, file }
}
