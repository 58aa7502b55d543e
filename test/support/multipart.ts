import { randomBytes } from 'node:crypto'

/** A file to send in a multipart form: `field` is the input's name (default `file`). */
export interface FilePart {
  name: string
  type: string
  bytes: Buffer
  field?: string
}

/**
 * A multipart/form-data body as a browser builds it: text fields first, then the file.
 * @example const body = multipart({ _csrf }, { field: 'photo', name: 'me.png', type: 'image/png', bytes })
 *          app.inject({ method: 'POST', url, headers: { cookie, 'content-type': body.contentType }, payload: body.payload })
 */
export function multipart(fields: Record<string, string>, file?: FilePart) {
  const boundary = `----sahifa${randomBytes(8).toString('hex')}`
  const chunks: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  if (file) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
      file.bytes,
      Buffer.from('\r\n'),
    )
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}
