import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

interface Asset {
  body: Buffer
  type: string
}

const jsType = 'text/javascript; charset=utf-8'
/** Sources of the editor bundle outside src/client/editor/ (the fingerprint of a lazy build covers them). */
const editorSharedSources = ['src/modules/articles/article-embeds.ts', 'src/i18n/areas/editor.ts']

/** esbuild options of the newsroom editor island (src/client/editor/); scripts/build.mjs uses the same. */
export const editorBuildOptions = {
  entryPoints: ['src/client/editor/main.ts'],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome109', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'none',
  charset: 'ascii',
  write: false,
  logLevel: 'warning',
} as const

/** True when dist/editor.js exists and none of the sources listed in dist/editor.json changed since it was built. */
function isEditorDistFresh(rootDir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(rootDir, 'dist', 'editor.json'), 'utf8')) as { builtAt: number; sources: string[] }
    return (
      existsSync(join(rootDir, 'dist', 'editor.js')) &&
      [...manifest.sources, 'node_modules/.package-lock.json'].every((file) => {
        const path = join(rootDir, file)
        return !existsSync(path) || statSync(path).mtimeMs <= manifest.builtAt
      })
    )
  } catch {
    return false
  }
}

/**
 * Registers the newsroom editor bundle (TipTap) under `/assets/editor.<hash>.js` and returns its URL.
 * From dist/editor.js when `npm run build` made it and it is fresh (read at start, ~1 ms). Otherwise
 * (tests, dev from src/) esbuild builds it ONCE, on the first request for that URL (~1 s), so the
 * public site never pays for it at start: the URL is then fingerprinted from the sources (a few
 * small files) and the build is registered in `lazy`.
 */
export function loadEditorBundle(rootDir: string, files: Map<string, Asset>, lazy: Map<string, () => Promise<Asset>>): string {
  if (isEditorDistFresh(rootDir)) {
    const body = readFileSync(join(rootDir, 'dist', 'editor.js'))
    const url = `/assets/editor.${createHash('sha256').update(body).digest('base64url').slice(0, 10)}.js`
    files.set(url, { body, type: jsType })
    return url
  }
  const editorDir = join(rootDir, 'src', 'client', 'editor')
  // A deployment without src/ and without a fresh bundle: no editor (the textarea still works).
  if (!existsSync(editorDir)) return '/assets/editor.missing.js'
  const sources = [...readdirSync(editorDir).sort().map((name) => join(editorDir, name)), ...editorSharedSources.map((file) => join(rootDir, file))]
  const hash = createHash('sha256')
  for (const file of sources) hash.update(file).update(readFileSync(file))
  const lock = join(rootDir, 'node_modules', '.package-lock.json')
  if (existsSync(lock)) hash.update(String(statSync(lock).mtimeMs))
  const url = `/assets/editor.${hash.digest('base64url').slice(0, 10)}.js`
  let building: Promise<Asset> | undefined
  lazy.set(url, () => {
    building ??= buildEditorBundle(rootDir).then(
      (body) => {
        const asset = { body, type: jsType }
        files.set(url, asset)
        return asset
      },
      (error: unknown) => {
        building = undefined
        throw error
      },
    )
    return building
  })
  return url
}

/** Bundles src/client/editor/main.ts in memory (esbuild is imported only now). */
async function buildEditorBundle(rootDir: string): Promise<Buffer> {
  const { build } = await import('esbuild')
  const result = await build({ ...editorBuildOptions, entryPoints: [...editorBuildOptions.entryPoints], target: [...editorBuildOptions.target], absWorkingDir: rootDir })
  return Buffer.from(result.outputFiles[0]!.contents)
}
