// Runs dist/sahifa.cjs (the application bundle, scripts/build.mjs) through a V8 code cache:
// with dist/sahifa.cjs.cache present, V8 skips parsing and compiling 2.8 MB of JavaScript,
// including every function the first server process compiled while starting and answering its
// first requests (about 0.15 s of each start). When there is none or V8 rejected it (new bundle,
// Node or V8 flags), a server process writes it a few seconds after it starts, or when it exits
// sooner; a read-only dist/ just means no cache. `npm run build` deletes it with the bundle it belongs to.
const { readFileSync, renameSync, writeFileSync } = require('node:fs')
const Module = require('node:module')
const { dirname } = require('node:path')
const vm = require('node:vm')

/** How long after loading a server process snapshots the compiled code into the cache. */
const CACHE_AFTER_MS = 5000

/** Runs the bundle at `file`; `server`: a server process, which snapshots the compiled code after a while or at exit. */
function runBundle(file, { server }) {
  const cacheFile = `${file}.cache`
  let cachedData
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    cachedData = undefined
  }
  // latin1: the bundle is ASCII (the build escapes everything else), and a one-byte string is
  // half the memory of the UTF-16 one V8 would keep otherwise.
  const script = new vm.Script(Module.wrap(readFileSync(file, 'latin1')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  })
  const module = new Module(file)
  module.filename = file
  module.paths = Module._nodeModulePaths(dirname(file))
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file))
  if (!server || (cachedData && !script.cachedDataRejected)) return
  let written = false
  const writeCache = () => {
    if (written) return
    written = true
    try {
      const temporary = `${cacheFile}.${process.pid}`
      writeFileSync(temporary, script.createCachedData())
      renameSync(temporary, cacheFile)
    } catch {
      // Not writable (a read-only image): start without a cache.
    }
  }
  setTimeout(writeCache, CACHE_AFTER_MS).unref()
  process.once('exit', writeCache)
}

module.exports = { runBundle }
