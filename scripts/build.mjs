#!/usr/bin/env node
// `npm run build`: bundles src/main.ts and its dependencies into dist/sahifa.cjs with esbuild.
// bin/run-bundle.js runs dist/sahifa.cjs through a V8 code cache (dist/sahifa.cjs.cache, written by
// the first server process that runs from a build), so later starts skip parsing and compiling.
// The server starts from the bundle in ~0.3 s and ~85 MB instead of ~1.3 s and ~145 MB compiling
// TypeScript with tsx at every start (no TypeScript loader, no esbuild service process, no module
// resolution across node_modules). bin/sahifa.js runs it when it is up to date and falls back to src/ otherwise.
//
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when a source changed since the last build
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import fresh from '../bin/build-fresh.js'

export const { isBuildFresh } = fresh
const { manifestFile, outputs } = fresh

const root = fileURLToPath(new URL('..', import.meta.url))
const outdir = fileURLToPath(new URL('../dist/', import.meta.url))
/** The application as CommonJS: a vm.Script can take a V8 code cache, an ES module cannot on Node 20. */
const bundles = [{ name: 'sahifa', entry: 'src/main.ts', format: 'cjs', ext: '.cjs' }]

/** Builds the bundle and its manifest; returns the time taken in ms. */
export async function build() {
  const started = Date.now()
  const { build: esbuild } = await import('esbuild')
  mkdirSync(outdir, { recursive: true })
  // V8 checks a code cache against the source's length only: never let one outlive its bundle.
  rmSync(new URL('../dist/sahifa.cjs.cache', import.meta.url), { force: true })
  const inputs = new Set()
  for (const bundle of bundles) {
    const result = await esbuild({ ...serverBuildOptions(bundle), absWorkingDir: root, outdir, metafile: true, write: false })
    for (const file of result.outputFiles) {
      // Code is ASCII already (esbuild escapes it); a dash or ellipsis left in a kept comment
      // would make V8 hold the whole 3.5 MB source as two-byte text, 3.5 MB more per process.
      const text = file.path.endsWith('.cjs') ? file.text.replace(/[^\x00-\xff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : file.text
      writeAtomically(file.path, text)
    }
    for (const input of Object.keys(result.metafile.inputs)) inputs.add(input)
  }
  const editorSources = await buildEditor(esbuild, started)
  const sources = [...inputs].filter((file) => !file.startsWith('node_modules/'))
  writeAtomically(manifestFile, `${JSON.stringify({ builtAt: started, sources: ['package.json', ...sources, ...editorSources] }, null, 1)}\n`)
  return Date.now() - started
}

/** A server starting meanwhile (bin/sahifa.js) reads the old file or the new one, never half of one. */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, contents)
  renameSync(temporary, file)
}

/** esbuild options of the server bundle. */
function serverBuildOptions({ name, entry, format, ext }) {
  return {
    entryPoints: { [name]: entry },
    outExtension: { '.js': ext },
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    // The native SQLite addon loads its .node file relative to itself; pg is loaded from
    // node_modules only on PostgreSQL (src/db/database.ts).
    // esbuild itself: src/http/plugins/editor-asset.ts imports it only when dist/editor.js is stale.
    external: ['better-sqlite3', 'pg', 'pg-native', 'sharp', 'esbuild'],
    // Less than half the source for V8 to read and compile at every start. Names are kept, so a
    // stack trace in the log still names the functions (and the linked map places them in src/).
    minifyWhitespace: true,
    minifySyntax: true,
    // In CommonJS, import.meta.url is the bundle's own URL (sources find public/ and fonts by it).
    define: { 'import.meta.url': '__sahifaBundleUrl' },
    banner: { js: "const __sahifaBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    sourcemap: 'linked',
    logLevel: 'warning',
  }
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
  writeAtomically(fileURLToPath(new URL('../dist/editor.js', import.meta.url)), result.outputFiles[0].contents)
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'))
  writeAtomically(fileURLToPath(new URL('../dist/editor.json', import.meta.url)), `${JSON.stringify({ builtAt: started, sources }, null, 1)}\n`)
  return sources
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--if-stale') && isBuildFresh()) process.exit(0)
  const ms = await build()
  process.stderr.write(`built ${outputs.join(', ')} in ${ms} ms\n`)
}
