import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { loadEditorBundle } from './editor-asset.js'

const require = createRequire(import.meta.url)
const publicDir = findPublicDir(dirname(fileURLToPath(import.meta.url)))

/** The package's public/ folder, found upwards from this module: src/http/plugins/ or the dist/ bundle. */
function findPublicDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'public', 'site.css'))) return join(dir, 'public')
    if (dirname(dir) === dir) throw new Error(`public/site.css not found above ${from}`)
  }
}

/** Self-hosted, subsetted Arabic web fonts from @fontsource (Arabic and Latin unicode ranges). */
const fontFiles = {
  'naskh-arabic-400': ['@fontsource/noto-naskh-arabic', 'noto-naskh-arabic-arabic-400-normal.woff2'],
  'naskh-arabic-700': ['@fontsource/noto-naskh-arabic', 'noto-naskh-arabic-arabic-700-normal.woff2'],
  'naskh-latin-400': ['@fontsource/noto-naskh-arabic', 'noto-naskh-arabic-latin-400-normal.woff2'],
  'naskh-latin-700': ['@fontsource/noto-naskh-arabic', 'noto-naskh-arabic-latin-700-normal.woff2'],
  'kufi-arabic-700': ['@fontsource/noto-kufi-arabic', 'noto-kufi-arabic-arabic-700-normal.woff2'],
} as const

interface Asset {
  body: Buffer
  type: string
}

export interface Assets {
  urls: { css: string; fontPreload: string; favicon: string; logo: string; commentsJs: string; searchJs: string; mediaJs: string; articleFormJs: string; editorJs: string }
  files: Map<string, Asset>
  /** Assets built on their first request (the newsroom editor bundle when dist/ is stale). */
  lazy: Map<string, () => Promise<Asset>>
}

function fingerprint(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 10)
}

/**
 * Loads CSS, fonts and the favicon into memory once, under fingerprinted URLs that can be cached
 * forever (`/assets/<name>.<hash>.<ext>`). The stylesheet's `url(font:NAME)` references are
 * rewritten to the fonts' fingerprinted URLs.
 */
export function loadAssets(): Assets {
  const files = new Map<string, Asset>()
  const fontUrls: Record<string, string> = {}
  for (const [name, [pkg, file]] of Object.entries(fontFiles)) {
    const body = readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), 'files', file))
    const url = `/assets/${name}.${fingerprint(body)}.woff2`
    files.set(url, { body, type: 'font/woff2' })
    fontUrls[name] = url
  }
  const cssSource = readFileSync(join(publicDir, 'site.css'), 'utf8').replace(/url\(font:([\w-]+)\)/g, (_m, name: string) => {
    const url = fontUrls[name]
    if (!url) throw new Error(`site.css names an unknown font: ${name}`)
    return `url(${url})`
  })
  const css = Buffer.from(cssSource)
  const cssUrl = `/assets/site.${fingerprint(css)}.css`
  files.set(cssUrl, { body: css, type: 'text/css; charset=utf-8' })
  const favicon = readFileSync(join(publicDir, 'favicon.svg'))
  const faviconUrl = `/assets/favicon.${fingerprint(favicon)}.svg`
  files.set(faviconUrl, { body: favicon, type: 'image/svg+xml' })
  // The publisher logo structured data names when no logo is set (a raster image: 512×512 PNG).
  const logo = readFileSync(join(publicDir, 'logo.png'))
  const logoUrl = `/assets/logo.${fingerprint(logo)}.png`
  files.set(logoUrl, { body: logo, type: 'image/png' })
  // The small progressive-enhancement scripts, each under its own fingerprinted URL.
  const script = (name: string) => {
    const body = readFileSync(join(publicDir, `${name}.js`))
    const url = `/assets/${name}.${fingerprint(body)}.js`
    files.set(url, { body, type: 'text/javascript; charset=utf-8' })
    return url
  }
  const scripts = { commentsJs: script('comments'), searchJs: script('search'), mediaJs: script('media'), articleFormJs: script('article-form') }
  const lazy = new Map<string, () => Promise<Asset>>()
  const editorJsUrl = loadEditorBundle(dirname(publicDir), files, lazy)
  return { urls: { css: cssUrl, fontPreload: fontUrls['naskh-arabic-400']!, favicon: faviconUrl, logo: logoUrl, ...scripts, editorJs: editorJsUrl }, files, lazy }
}

/** Serves the in-memory assets with immutable caching, and /favicon.ico for browsers that ask. */
export async function assetRoutes(app: FastifyInstance, { assets }: { assets: Assets }) {
  app.get('/assets/*', async (request, reply) => {
    const path = request.url.split('?')[0]!
    const asset = assets.files.get(path) ?? (await assets.lazy.get(path)?.())
    if (!asset) return reply.callNotFound()
    return reply
      .header('content-type', asset.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(asset.body)
  })
  app.get('/favicon.ico', async (_request, reply) => {
    const asset = assets.files.get(assets.urls.favicon)!
    return reply.header('content-type', asset.type).header('cache-control', 'public, max-age=86400').send(asset.body)
  })
}
