#!/usr/bin/env node
// Entry for the `sahifa` command. Runs the bundle in dist/ (`npm run build`; `npm start` builds
// it first) when it is up to date with the sources: the server starts in ~0.3 s and ~85 MB
// (bin/run-bundle.js: from a V8 code cache after the first start).
// Otherwise (no build, a source edited since, or SAHIFA_FROM_SOURCE=1) registers tsx's TypeScript
// loader and runs the sources, which takes about twice the time and memory but needs no build.

// A worker (src/cli/cluster.ts) runs what its first process chose (whose environment it has): the
// check stats every source file, and each worker would repeat it on the way to its first page.
const chosen = process.env.SAHIFA_WORKER === '1' ? process.env.SAHIFA_RUN_FROM : undefined
const fromBuild = chosen ? chosen === 'build' : process.env.SAHIFA_FROM_SOURCE !== '1' && require('./build-fresh.js').isBuildFresh()
process.env.SAHIFA_RUN_FROM = fromBuild ? 'build' : 'source'
if (fromBuild) {
  const args = process.argv.slice(2)
  const serves = args.length === 0 || (args.length === 1 && args[0] === 'serve')
  require('./run-bundle.js').runBundle(require('node:path').join(__dirname, '../dist/sahifa.cjs'), { server: serves })
} else {
  const fromSource = async () => {
    ;(await import('tsx/esm/api')).register()
    await import('../src/main.ts')
  }
  fromSource().catch((error) => {
    process.stderr.write(`${error?.stack ?? error}\n`)
    process.exitCode = 1
  })
}
