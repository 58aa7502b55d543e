import assert from 'node:assert/strict'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

/** The newsroom's cookie names (kept here so a rename breaks the tests loudly). */
export const SESSION = 'sahifa_session'
export const LOGIN_CSRF = 'sahifa_login_csrf'

/** A response's cookie by name, as light-my-request parsed it. */
export function cookieOf(res: LightMyRequestResponse, name: string) {
  return (res.cookies as Array<{ name: string; value: string; path?: string; httpOnly?: boolean; secure?: boolean; sameSite?: string; expires?: Date; maxAge?: number }>).find(
    (c) => c.name === name,
  )
}

/** The first `<input>` with this name, as markup (attribute order does not matter). */
export function inputTag(html: string, name: string): string | undefined {
  return (html.match(/<input\b[^>]*>/g) ?? []).find((tag) => tag.includes(` name="${name}"`))
}

/** The `value` of the first `<input>` with this name ('' without a value attribute). */
export function inputValue(html: string, name: string): string | undefined {
  const tag = inputTag(html, name)
  return tag === undefined ? undefined : (/\svalue="([^"]*)"/.exec(tag)?.[1] ?? '')
}

/** The value of the form's hidden `_csrf` field. */
export function csrfFieldOf(html: string): string | undefined {
  return inputValue(html, '_csrf') || undefined
}

/** Opens the sign-in form like a browser: its CSRF field and the cookie it is bound to. */
export async function openLoginForm(app: FastifyInstance, { remoteAddress }: { remoteAddress?: string } = {}) {
  const res = await app.inject({ url: '/newsroom/login', remoteAddress })
  assert.equal(res.statusCode, 200)
  const csrf = csrfFieldOf(res.body)
  const cookie = cookieOf(res, LOGIN_CSRF)
  assert.ok(csrf && cookie, 'the sign-in form has a CSRF field and sets its cookie')
  return { res, csrf, cookie: `${LOGIN_CSRF}=${cookie.value}` }
}

/** POSTs the sign-in form as a browser would (urlencoded), with the given fields and cookie. */
export function postLogin(
  app: FastifyInstance,
  fields: Record<string, string>,
  { cookie, remoteAddress, headers = {}, query = '' }: { cookie?: string; remoteAddress?: string; headers?: Record<string, string>; query?: string } = {},
) {
  return app.inject({
    method: 'POST',
    url: `/newsroom/login${query}`,
    remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers },
    payload: new URLSearchParams(fields).toString(),
  })
}

/** Opens the form and signs in; returns the answer and the session cookie header (if any). */
export async function signInAs(app: FastifyInstance, email: string, password: string, { remoteAddress, next }: { remoteAddress?: string; next?: string } = {}) {
  const form = await openLoginForm(app, { remoteAddress })
  const res = await postLogin(app, { email, password, _csrf: form.csrf, ...(next === undefined ? {} : { next }) }, { cookie: form.cookie, remoteAddress })
  const session = cookieOf(res, SESSION)
  return { res, session: session ? `${SESSION}=${session.value}` : undefined, token: session?.value }
}
