#!/usr/bin/env node
// `npm run build`: bundles src/main.ts and its dependencies into dist/sahifa.mjs with esbuild
// (and src/cli/serve-primary.ts, what a cluster primary runs, into dist/serve-primary.mjs).
// The server starts from the bundle in ~0.3 s and ~85 MB instead of ~1.3 s and ~145 MB compiling
// TypeScript with tsx at every start (no TypeScript loader, no esbuild service process, no module
// resolution across node_modules). bin/sahifa.js runs it when it is up to date and falls back to src/ otherwise.
//
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when a source changed since the last build
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const outdir = fileURLToPath(new URL('../dist/', import.meta.url))
/** The application, and the small module a cluster primary runs instead (src/cli/serve-primary.ts). */
const entries = { sahifa: 'src/main.ts', 'serve-primary': 'src/cli/serve-primary.ts' }
const outputs = [...Object.keys(entries).map((name) => `dist/${name}.mjs`), 'dist/editor.js']
const manifestFile = fileURLToPath(new URL('../dist/sahifa.json', import.meta.url))
/** Changes on every `npm install`/`npm ci`: a dependency update makes the bundle stale. */
const installedPackages = 'node_modules/.package-lock.json'

/**
 * True when the bundles exist and no file they were built from (our sources, and the installed
 * packages as a whole) changed since. About a hundred stat() calls: a millisecond or two.
 */
export function isBuildFresh() {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
    if (!outputs.every((file) => existsSync(new URL(`../${file}`, import.meta.url)))) return false
    return [...manifest.sources, installedPackages].every((file) => statSync(new URL(`../${file}`, import.meta.url)).mtimeMs <= manifest.builtAt)
  } catch {
    return false
  }
}

/** Builds the bundle and its manifest; returns the time taken in ms. */
export async function build() {
  const started = Date.now()
  const { build: esbuild } = await import('esbuild')
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: entries,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The native SQLite addon loads its .node file relative to itself; pg is loaded from
    // node_modules only on PostgreSQL (src/db/database.ts).
    // esbuild itself: src/http/plugins/editor-asset.ts imports it only when dist/editor.js is stale.
    external: ['better-sqlite3', 'pg', 'pg-native', 'sharp', 'esbuild'],
    // Less than half the source for V8 to read and compile at every start. Names are kept, so a
    // stack trace in the log still names the functions (and the linked map places them in src/).
    minifyWhitespace: true,
    minifySyntax: true,
    // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
    banner: { js: "import { createRequire as __sahifaCreateRequire } from 'node:module'; const require = __sahifaCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
  })
  mkdirSync(outdir, { recursive: true })
  for (const file of result.outputFiles) {
    // Code is ASCII already (esbuild escapes it); a dash or ellipsis left in a kept comment
    // would make V8 hold the whole 3.5 MB source as two-byte text, 3.5 MB more per process.
    const text = file.path.endsWith('.mjs') ? file.text.replace(/[^\x00-\xff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : file.text
    writeFileSync(file.path, text)
  }
  const editorSources = await buildEditor(esbuild, started)
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'))
  writeFileSync(manifestFile, `${JSON.stringify({ builtAt: started, sources: ['package.json', ...sources, ...editorSources] }, null, 1)}\n`)
  return Date.now() - started
}

/**
 * The newsroom editor island (src/client/editor/) for browsers: dist/editor.js, and dist/editor.json
 * listing its sources so src/http/plugins/editor-asset.ts can tell it is fresh (else it builds in memory).
 * Options as `editorBuildOptions` in src/http/plugins/editor-asset.ts (keep in sync). Returns the sources.
 */
async function buildEditor(esbuild, started) {
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: ['src/client/editor/main.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'none',
    charset: 'ascii',
    metafile: true,
    write: false,
    logLevel: 'warning',
  })
  writeFileSync(new URL('../dist/editor.js', import.meta.url), result.outputFiles[0].contents)
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'))
  writeFileSync(new URL('../dist/editor.json', import.meta.url), `${JSON.stringify({ builtAt: started, sources }, null, 1)}\n`)
  return sources
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--if-stale') && isBuildFresh()) process.exit(0)
  const ms = await build()
  process.stderr.write(`built ${outputs.join(', ')} in ${ms} ms\n`)
}
