import { it } from 'node:test'
import { chromium } from 'playwright-core'
import { insertComment } from '../../src/modules/comments/comments.repository.js'
import { makeArticle, makeUser } from '../support/factories.js'
import { buildTestApp } from '../support/test-app.js'
import { signInAs } from './sign-in.js'

it('shots', async () => {
  const t = await buildTestApp('sqlite')
  const u = await makeUser(t.deps, { role: 'moderator', name: 'منى المشرفة' })
  const { session } = await signInAs(t.app, u.email, u.password)
  const { id: a } = await makeArticle(t.deps, { title: 'الحكومة تعلن خطة جديدة للنقل العام في القاهرة' })
  const bodies = ['مقال ممتاز، شكرًا للكاتب على هذا التحليل الدقيق.\nأتمنى متابعة الموضوع.', 'Great article! see https://spam.example/buy now', '<script>alert(1)</script> تجربة']
  for (let i = 0; i < 3; i++) await insertComment(t.deps.db, { article_id: a, parent_id: null, depth: 0, author_name: ['أحمد', 'John Smith', 'سارة'][i]!, author_email: `r${i}@example.com`, author_url: i === 1 ? 'https://spam.example' : '', body: bodies[i]!, status: 'pending', user_id: null, ip_hash: null, user_agent: '', hold_reason: ['policy: first comment', 'links', 'watchlist: كلب'][i]!, created_at: t.clock.now().toISOString(), updated_at: t.clock.now().toISOString() })
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' })
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' })
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 1400 } })
  await ctx.addCookies([{ name: 'sahifa_session', value: session!.split('=')[1]!, url: address }])
  const page = await ctx.newPage()
  page.on('console', (m) => console.log('console', m.text()))
  await page.goto(`${address}/newsroom/comments`)
  await page.screenshot({ path: '/tmp/mod/queue.png', fullPage: true })
  await page.check('#sel-1'); await page.check('#sel-2'); await page.selectOption('#mod-action', 'approve'); await page.click('.mod-bulk button')
  await page.screenshot({ path: '/tmp/mod/after.png', fullPage: false })
  await page.goto(`${address}/newsroom/comments/3/edit`)
  await page.fill('#edit-name', ''); await page.click('text=احفظ التعديلات')
  await page.screenshot({ path: '/tmp/mod/edit.png', fullPage: true })
  await page.goto(`${address}/newsroom/comments/commenter?email=r1@example.com`)
  await page.screenshot({ path: '/tmp/mod/commenter.png', fullPage: true })
  await page.goto(`${address}/newsroom/comments/log`)
  await page.screenshot({ path: '/tmp/mod/log.png', fullPage: true })
  await browser.close()
  await t.close()
})
