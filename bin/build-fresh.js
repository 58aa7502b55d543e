// Whether dist/ is up to date with the sources: bin/sahifa.js asks at every start (so this is
// CommonJS, as the rest of bin/: no ES module loader on the way to the first page), and
// scripts/build.mjs writes the manifest it reads.
const { existsSync, readFileSync, statSync } = require('node:fs')
const { join } = require('node:path')

const root = join(__dirname, '..')
/** What the build writes: the application bundle and the newsroom editor island. */
const outputs = ['dist/sahifa.cjs', 'dist/editor.js']
/** The sources of the last build and when it started (scripts/build.mjs). */
const manifestFile = join(root, 'dist/sahifa.json')
/** Changes on every `npm install`/`npm ci`: a dependency update makes the bundle stale. */
const installedPackages = 'node_modules/.package-lock.json'

/**
 * True when the bundles exist and no file they were built from (our sources, and the installed
 * packages as a whole) changed since. About a hundred stat() calls: a millisecond or two.
 */
function isBuildFresh() {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
    if (!outputs.every((file) => existsSync(join(root, file)))) return false
    // Plain paths: a URL per file (parse, then back to a path) was most of this check's time.
    return [...manifest.sources, installedPackages].every((file) => statSync(`${root}/${file}`).mtimeMs <= manifest.builtAt)
  } catch {
    return false
  }
}

module.exports = { isBuildFresh, manifestFile, outputs }
