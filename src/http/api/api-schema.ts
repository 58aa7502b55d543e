import type { FastifyInstance, FastifySchemaCompiler } from 'fastify'
import { toJSONSchema, type ZodError, type ZodType } from 'zod/v4'
import { AppError } from '../../lib/errors.js'

/**
 * Zod schemas (api.schemas.ts) as route schemas: converted once to JSON Schema (2020-12) for the
 * OpenAPI document and for response serialization, while requests are validated by the zod
 * schema itself (`zodValidatorCompiler`), so what the document shows is what the route checks.
 */

type JsonSchema = Record<string, unknown>

/** The zod schema behind each converted request schema (by object, and by text in case a plugin cloned it). */
const zodBySchema = new WeakMap<object, ZodType>()
const zodByText = new Map<string, ZodType>()

/**
 * Zod's references as references to shared schemas of the API scope: `#/$defs/Name` → `Name#`,
 * and inside a named schema (`.meta({ id })`) its own `#` → `Name#`.
 */
function toSharedRefs(node: unknown, self?: string): unknown {
  if (Array.isArray(node)) return node.map((item) => toSharedRefs(item, self))
  if (!node || typeof node !== 'object') return node
  const out: JsonSchema = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')) out[key] = `${value.slice('#/$defs/'.length)}#`
    else if (key === '$ref' && value === '#' && self) out[key] = `${self}#`
    else out[key] = toSharedRefs(value, self)
  }
  return out
}

/**
 * A zod schema as JSON Schema: the schema itself (a `$ref` to a shared schema when it is a named
 * one) and the named schemas it uses, each to be a shared schema (`addSchema` with `$id`). Local
 * `#/$defs/…` pointers cannot stay: inside the OpenAPI document `#` is the document itself.
 */
function toParts(schema: ZodType, io: 'input' | 'output'): { root: JsonSchema; shared: Map<string, JsonSchema> } {
  const { $schema: _dialect, $defs, id, ...json } = toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema
  const shared = new Map<string, JsonSchema>()
  for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
    const { id: _name, ...body } = definition
    shared.set(name, toSharedRefs(body, name) as JsonSchema)
  }
  if (typeof id === 'string') {
    shared.set(id, toSharedRefs(json, id) as JsonSchema)
    return { root: { $ref: `${id}#` }, shared }
  }
  return { root: toSharedRefs(json) as JsonSchema, shared }
}

/**
 * Adds named schemas (`.meta({ id })`, e.g. the recursive section tree) to the API scope as shared
 * schemas, before its routes: Fastify's serializer resolves them, and @fastify/swagger lists them
 * under `components.schemas`. They must be added in the scope that set the validator compiler: a
 * child context that adds schemas rebuilds its validator from Fastify's default (Ajv) builder.
 */
export function registerSharedSchemas(app: FastifyInstance, schemas: ZodType[]): void {
  for (const schema of schemas) {
    for (const [name, body] of toParts(schema, 'output').shared) if (!app.getSchema(name)) app.addSchema({ $id: name, ...body })
  }
}

/** Converts a zod schema for a route; the named schemas it uses must be registered already. */
function convert(app: FastifyInstance, schema: ZodType, io: 'input' | 'output'): JsonSchema {
  const { root, shared } = toParts(schema, io)
  for (const name of shared.keys()) if (!app.getSchema(name)) throw new Error(`shared schema ${name}: add it with registerSharedSchemas() in the API scope`)
  return root
}

/** A request part's schema (querystring, params): what clients may send, validated by the zod schema. */
export function requestSchema(app: FastifyInstance, schema: ZodType): JsonSchema {
  const json = convert(app, schema, 'input')
  zodBySchema.set(json, schema)
  zodByText.set(JSON.stringify(json), schema)
  return json
}

/** A response's schema, with its description (the OpenAPI document needs one per status). */
export function responseSchema(app: FastifyInstance, schema: ZodType, description: string): JsonSchema {
  return { description, ...convert(app, schema, 'output') }
}

/** The parameter a validation failure is about: the first issue's path, e.g. `per_page`. */
function parameterOf(error: ZodError, part: string): string {
  const path = error.issues[0]?.path ?? []
  return path.length > 0 ? path.map(String).join('.') : part
}

/**
 * Validates request parts with the zod schema each JSON schema came from; a failure is a 400
 * naming the parameter (in Arabic and English), never a 500.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const zod = zodBySchema.get(schema as object) ?? zodByText.get(JSON.stringify(schema))
  if (!zod) throw new Error(`the ${httpPart ?? 'request'} schema was not made by requestSchema()`)
  return (data: unknown) => {
    const parsed = zod.safeParse(data ?? {})
    if (parsed.success) return { value: parsed.data }
    return { error: new AppError('BAD_PARAMETER', 400, 'api.error.badParameter', { param: parameterOf(parsed.error, httpPart ?? 'request') }) }
  }
}
