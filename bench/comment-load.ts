// HTTP client and measuring helpers for bench/comments.ts.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { type Agent, request } from 'node:http'

/** One answer: status, Location, body and the time from request to last byte. */
export interface Answer {
  status: number
  location?: string
  body: string
  ms: number
}

/** One urlencoded POST on `agent`, as the comment form sends it (as the island when `json`). */
export function post(agent: Agent, url: URL, fields: Record<string, string>, json: boolean): Promise<Answer> {
  const payload = new URLSearchParams(fields).toString()
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(payload),
          ...(json ? { accept: 'application/json' } : {}),
        },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body, ms: performance.now() - started }))
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/** One GET on `agent`, timed to the last byte. */
export function timedGet(agent: Agent, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = request(url, { agent }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** The comment id in a 303 Location or a 201 JSON answer (`…#comment-N`). */
export const commentIdOf = (answer: Answer): number | undefined => {
  const text = answer.location ?? (answer.status === 201 ? (JSON.parse(answer.body) as { location: string }).location : '')
  const m = /#comment-(\d+)$/.exec(text)
  return m ? Number(m[1]) : undefined
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
/** Median, 99th percentile and maximum of some latencies. */
export const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN }
}

/** CPU time (ms) the whole machine spent busy so far: /proc/stat, all cores, user+system+irq+steal. */
export function machineBusyMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields
    return (user + nice + system + irq + softirq + steal) * 10 // USER_HZ = 100
  } catch {
    return Number.NaN
  }
}

/**
 * Milliseconds for a fixed piece of CPU work (hashing and JSON, best of five): this shared
 * machine's speed varies with its neighbours' load, and the benchmark's figures with it.
 */
export function calibrate(): number {
  const data = Buffer.alloc(1 << 20, 7)
  const json = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `قارئ ${i}` })))
  let best = Number.POSITIVE_INFINITY
  for (let round = 0; round < 5; round++) {
    const started = performance.now()
    for (let i = 0; i < 10; i++) createHash('sha256').update(data).digest()
    for (let i = 0; i < 5; i++) JSON.parse(json)
    best = Math.min(best, performance.now() - started)
  }
  return best
}
