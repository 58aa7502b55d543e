import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

/** Debian's Chromium (playwright-core cannot download its own browser here). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** On CI every browser test must run: there a missing Chromium fails the tests instead of skipping them. */
export const onCi = process.env.CI === 'true' || process.env.CI === '1'

/**
 * `describe`'s `skip` for browser tests: false when Chromium is here (or on CI), else the reason
 * `what` did not run, also printed loudly so nobody mistakes a skip for a pass.
 */
export function browserSkip(what = 'browser tests did not run'): string | false {
  if (existsSync(chromiumPath) || onCi) return false
  const reason = `!!! SKIPPED: ${chromiumPath} is missing, ${what} (../shared/tools/chromium-setup.sh)`
  console.error(`\n${'!'.repeat(78)}\n${reason}\n${'!'.repeat(78)}\n`)
  return reason
}

/** The flags that work on these machines (no sandbox as root, no background network). */
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** A headless Chromium with a new empty profile, Arabic locale, 1280×800. Returns the profile folder to remove after. */
export async function launchBrowser(): Promise<{ context: BrowserContext; userDataDir: string }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'sahifa-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
    locale: 'ar',
    colorScheme: 'light',
  })
  return { context, userDataDir }
}
