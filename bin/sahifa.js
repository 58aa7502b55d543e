#!/usr/bin/env node
// Entry for the `sahifa` command: runs src/main.ts through tsx's loader.
import { register } from 'node:module'
import { pathToFileURL } from 'node:url'
register('tsx/esm', pathToFileURL('./'))
await import('../src/main.ts')
