import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'

/** The project folder: where `bin/sahifa.js` runs from. */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/** What a `sahifa` command printed, and its exit code. */
export interface Run {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs the real `sahifa` binary in a child process. Its environment is only PATH, HOME,
 * NODE_ENV=test and `env`: nothing of the developer's (DATABASE_URL, PORT…) can point it elsewhere.
 * Each spawn costs about half a second, so tests spawn sparingly.
 */
export function runSahifa(args: string[], env: Record<string, string>, { timeoutMs = 60_000 }: { timeoutMs?: number } = {}): Promise<Run> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NODE_ENV: 'test' }
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/sahifa.js', ...args], { cwd: projectRoot, env: { ...base, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

/** A server process a test started, once it said where it listens. */
export interface ServerProcess {
  child: ChildProcess
  port: number
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/**
 * Spawns `node args…` (by default `bin/sahifa.js serve`) in the project folder with exactly
 * `env`, and resolves once its output names the port (`ready`'s first group). Rejects with all it
 * printed when it exits before that.
 */
export function spawnServer(env: NodeJS.ProcessEnv, { args = ['bin/sahifa.js', 'serve'], ready = /serving on http:\/\/[^:]+:(\d+)/ }: { args?: string[]; ready?: RegExp } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = ready.exec(output)
      if (match) resolve({ child, port: Number(match[1]), exited })
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    void exited.then(({ code, signal }) => reject(new Error(`server exited before listening (${code ?? signal}): ${output}`)))
  })
}
