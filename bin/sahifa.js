#!/usr/bin/env node
// Entry for the `sahifa` command. Runs the bundles in dist/ (`npm run build`; `npm start` builds
// them first) when they are up to date with the sources: the server starts in ~0.3 s and ~85 MB
// (bin/run-bundle.js: from a V8 code cache after the first start).
// Otherwise (no build, a source edited since, or SAHIFA_FROM_SOURCE=1) registers tsx's TypeScript
// loader and runs the sources, which takes about twice the time and memory but needs no build.
import cluster from 'node:cluster'

// A cluster worker runs what its primary chose (the primary's environment is the worker's): the
// check stats every source file, and each worker would repeat it on the way to its first page.
const chosen = cluster.isWorker ? process.env.SAHIFA_RUN_FROM : undefined
const fromBuild = chosen ? chosen === 'build' : process.env.SAHIFA_FROM_SOURCE !== '1' && (await import('../scripts/build.mjs')).isBuildFresh()
process.env.SAHIFA_RUN_FROM = fromBuild ? 'build' : 'source'
if (!fromBuild) (await import('tsx/esm/api')).register()

// `sahifa` or `sahifa serve` in a primary process: with SAHIFA_WORKERS≠1 this process only
// supervises the workers, so it runs the small serve-primary module, not the application.
const args = process.argv.slice(2)
const mayBePrimary = cluster.isPrimary && (args.length === 0 || (args.length === 1 && args[0] === 'serve'))
const isPrimary = mayBePrimary && (await import(fromBuild ? '../dist/serve-primary.mjs' : '../src/cli/serve-primary.ts')).servePrimary()
if (!isPrimary) {
  if (fromBuild) (await import('./run-bundle.js')).runBundle(new URL('../dist/sahifa.cjs', import.meta.url), { server: mayBePrimary || !cluster.isPrimary })
  else await import('../src/main.ts')
}
