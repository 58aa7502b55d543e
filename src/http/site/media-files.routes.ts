import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { storageKeyPattern, variantFilePattern } from '../../modules/media/media.schema.js'

const types: Record<string, string> = { webp: 'image/webp', avif: 'image/avif' }

/**
 * Serves uploaded images' variants at /media/{storage_key}/{width}.{webp|avif} from the media
 * folder, cacheable forever (a new upload gets a new key). Only well-formed keys and variant
 * names are looked up, so no path can leave the folder; anything else is a 404.
 */
export async function mediaFileRoutes(app: FastifyInstance, { mediaDir }: { mediaDir: string }) {
  const root = resolve(mediaDir)
  app.get<{ Params: { key: string; file: string } }>('/media/:key/:file', async (request, reply) => {
    const { key, file } = request.params
    if (!storageKeyPattern.test(key) || !variantFilePattern.test(file)) return reply.callNotFound()
    const path = join(root, key, file)
    const info = await stat(path).catch(() => undefined)
    if (!info?.isFile()) return reply.callNotFound()
    const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`
    reply
      .header('content-type', types[file.slice(file.lastIndexOf('.') + 1)]!)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', etag)
      .header('last-modified', info.mtime.toUTCString())
      .header('cross-origin-resource-policy', 'cross-origin')
    if (request.headers['if-none-match'] === etag) return reply.code(304).send()
    return reply.header('content-length', info.size).send(createReadStream(path))
  })
}
