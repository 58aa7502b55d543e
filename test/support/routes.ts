import type { FastifyInstance } from 'fastify'

/** An app's routes as full paths with their methods (read from printRoutes' tree). */
export function registeredRoutes(app: FastifyInstance): Array<{ path: string; methods: string[] }> {
  const out: Array<{ path: string; methods: string[] }> = []
  const stack: Array<{ indent: number; path: string }> = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    // A node without methods of its own (the root of an app with no route at "/") still prefixes its children.
    const m = /^([\s│├└─]*?)(?:[├└]── )?([^\s│├└─]\S*)(?: \(([^)]+)\))?$/.exec(line.replace(/\s+$/, ''))
    if (!m) continue
    const indent = m[1]!.length
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop()
    const path = (stack[stack.length - 1]?.path ?? '') + m[2]!
    stack.push({ indent, path })
    if (m[3]) out.push({ path, methods: m[3].split(',').map((s) => s.trim()) })
  }
  return out
}
