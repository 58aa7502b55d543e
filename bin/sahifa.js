#!/usr/bin/env node
// Entry for the `sahifa` command: registers tsx's TypeScript loader, then runs src/main.ts.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
