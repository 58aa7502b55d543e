import type { FastifyInstance, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { z } from 'zod'
import type { Deps } from '../../container.js'
import { pickLocale } from '../../i18n/index.js'
import { AppError } from '../../lib/errors.js'
import { listAudit, listAuditUsers } from '../../modules/audit/audit.repository.js'
import { auditFamilies, AuditPage, type AuditFilter } from '../../views/admin/audit-page.js'
import { renderDocument } from '../../views/render.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { requireArea, staffOf } from './guard.js'
import { adminUserOf } from './staff-view.js'

const PER_PAGE = 50

const auditQuery = z.object({
  action: z.union([z.literal(''), z.enum(auditFamilies)]).optional(),
  user: z.union([z.literal(''), z.string().regex(/^\d{1,10}$/)]).optional(),
  page: z.union([z.literal(''), z.string().regex(/^\d{1,6}$/)]).optional(),
})

/** The audit log under /newsroom/audit (admins and editors): read-only, newest first, filtered. */
export async function auditRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  app.addHook('onRequest', requireArea('audit'))

  app.get('/newsroom/audit', async (request: FastifyRequest, reply) => {
    const parsed = auditQuery.safeParse(request.query ?? {})
    if (!parsed.success) throw new AppError('AUDIT_FILTER_INVALID', 400, 'audit.error.filter')
    const filter: AuditFilter = { family: parsed.data.action || undefined, userId: parsed.data.user ? Number(parsed.data.user) : undefined }
    const requested = parsed.data.page ? Math.max(1, Number(parsed.data.page)) : 1
    const query = { action: filter.family && `${filter.family}.`, userId: filter.userId }
    let result = await listAudit(deps.db, { ...query, limit: PER_PAGE, offset: (requested - 1) * PER_PAGE })
    const pages = Math.max(1, Math.ceil(result.total / PER_PAGE))
    const page = Math.min(requested, pages)
    if (page !== requested) result = await listAudit(deps.db, { ...query, limit: PER_PAGE, offset: (page - 1) * PER_PAGE })
    const people = await listAuditUsers(deps.db)
    const staff = staffOf(request)
    const ctx = viewContext(deps, assets, request, pickLocale(request.query, request.headers['accept-language']))
    const data = { user: adminUserOf(staff), lines: result.lines, total: result.total, filter, people, page, pages }
    return reply.type('text/html; charset=utf-8').send(renderDocument(h(AuditPage, { ctx, csrfToken: staff.csrfToken, data })))
  })
}
