import { readdirSync, readFileSync } from 'node:fs'

/** The pid and all its descendants (workers, helper processes), from /proc. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8')
    } catch {
      continue // exited while we looked
    }
    // Field 4 is the parent pid; the command name (field 2) may contain spaces, so split after ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    const list = children.get(ppid) ?? []
    list.push(Number(name))
    children.set(ppid, list)
  }
  const out: number[] = []
  const visit = (pid: number) => {
    out.push(pid)
    for (const child of children.get(pid) ?? []) visit(child)
  }
  visit(root)
  return out
}

/** Resident and peak resident memory of one process in bytes (VmRSS, VmHWM); zeros once it has exited. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') }
  } catch {
    return { rss: 0, hwm: 0 }
  }
}

/**
 * Proportional set size in bytes: resident memory with each shared page (the node binary, ICU
 * data, the SQLite addon — shared by the first process and its workers) divided among its sharers.
 * Summed over a cluster it counts shared pages once, where summed RSS counts them per process.
 */
export function pssOf(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024
  } catch {
    return 0
  }
}

/** CPU time (user + system) a process has used, in milliseconds. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0
  }
}

/** Sums over a process tree (the first process and every worker): VmRSS, VmHWM, PSS and CPU time. */
export function treeMemory(root: number): { rss: number; hwm: number; pss: number; cpuMs: number; processes: number; largestRss: number } {
  const pids = processTree(root)
  let rss = 0
  let hwm = 0
  let pss = 0
  let cpuMs = 0
  let largestRss = 0
  for (const pid of pids) {
    const m = memoryOf(pid)
    rss += m.rss
    hwm += m.hwm
    pss += pssOf(pid)
    cpuMs += cpuMsOf(pid)
    largestRss = Math.max(largestRss, m.rss)
  }
  return { rss, hwm, pss, cpuMs, processes: pids.length, largestRss }
}

/** Samples the tree's summed RSS every `intervalMs` until stopped; returns the highest sum seen. */
export function sampleTreeRss(root: number, intervalMs = 100): { stop(): number } {
  const rss = () => processTree(root).reduce((sum, pid) => sum + memoryOf(pid).rss, 0)
  let peak = rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, rss())
  }, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, rss())
    },
  }
}
