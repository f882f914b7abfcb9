import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { TEST_PASSWORD } from '../helpers/test-app';

/** Debian's Chromium (`apt-get install -y chromium`); CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(__dirname, '..', 'output', 'screenshots');
/** CONSOLE_SCREENSHOTS=1 saves the main pages on success too (desktop and phone width), for a look by eye. */
export const ALWAYS_SCREENSHOT = process.env.CONSOLE_SCREENSHOTS === '1';

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Every page that was opened, so a failing step can photograph them all. */
const openPages = new Map<string, Page>();

/** Script errors and CSP violations seen by any page (HTTP error statuses the tests provoke are not counted). */
export const pageErrors: string[] = [];

function watch(page: Page, who: string): void {
  page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`${who}: ${message.text()}`);
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true }).catch(() => undefined);
}

/** Runs a step; on failure saves a screenshot of every open page before rethrowing. */
export async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    for (const [who, page] of openPages) if (!page.isClosed()) await screenshot(page, `FAILED-${name}-${who}-${stamp}`);
    throw error;
  }
}

/** Saves a page when CONSOLE_SCREENSHOTS=1. */
export async function keep(page: Page, name: string): Promise<void> {
  if (ALWAYS_SCREENSHOT) await screenshot(page, name);
}

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
}

/** A browser context of its own (own cookies) signed in through the login form. */
export async function signIn(browser: Browser, base: string, who: string, username: string, viewport = DESKTOP): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  openPages.set(who, page);
  watch(page, who);
  await page.goto(`${base}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('form[action="/login"] button[type=submit]'),
  ]);
  await page.waitForSelector('[data-testid=current-user]', { state: 'attached' });
  return { context, page };
}

/** Opens the action's <details> (if folded) and returns its form. */
export async function openAction(page: Page, action: string) {
  const details = page.locator(`[data-testid="action-${action}"]`);
  await details.waitFor();
  // Typed loosely: the test build has no DOM library.
  await details.evaluate((el) => {
    (el as unknown as { open: boolean }).open = true;
  });
  return details.locator('form');
}

/** Submits a form and waits for the page it redirects to (post → 303 → get). */
export async function submitAndWait(page: Page, button: ReturnType<Page['locator']>): Promise<void> {
  await Promise.all([page.waitForNavigation(), button.click()]);
}
