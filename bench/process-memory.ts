import { readdirSync, readFileSync } from 'node:fs'

/** The pid and all its descendants (cluster workers, helper processes), from /proc. */
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

/** Sum of VmRSS and of VmHWM over a process tree (the primary and every worker). */
export function treeMemory(root: number): { rss: number; hwm: number; processes: number } {
  const pids = processTree(root)
  let rss = 0
  let hwm = 0
  for (const pid of pids) {
    const m = memoryOf(pid)
    rss += m.rss
    hwm += m.hwm
  }
  return { rss, hwm, processes: pids.length }
}

/** Samples the tree's summed RSS every `intervalMs` until stopped; returns the highest sum seen. */
export function sampleTreeRss(root: number, intervalMs = 100): { stop(): number } {
  let peak = treeMemory(root).rss
  const timer = setInterval(() => {
    peak = Math.max(peak, treeMemory(root).rss)
  }, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, treeMemory(root).rss)
    },
  }
}
