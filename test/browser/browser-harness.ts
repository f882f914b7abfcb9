import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** axe-core's browser build, evaluated in each page through the driver (so the page's CSP does not apply to it). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** The rules axe-core runs: WCAG 2.1 A/AA and its best practices (heading order, labels, landmarks). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
/** Rules that fail the suite whatever axe-core's impact says: the issue counted heading order too. */
const ALWAYS_FAIL_RULES = new Set(['heading-order']);

export interface AccessibilityViolation {
  who: string;
  url: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Every page load checked by axe-core: its URL, and each serious or critical violation found (with a screenshot). */
export const accessibility = {
  checked: [] as string[],
  violations: [] as AccessibilityViolation[],
  /** Pages whose check had not finished when the test moved on (the navigation was let go after GATE_MS). */
  unfinished: [] as string[],
};

/** Per page: how many documents it has committed, which one was last checked, and the check under way. */
interface CheckState {
  documents: number;
  checkedDocument: number;
  running: Promise<void>;
}
const checkStates = new WeakMap<Page, CheckState>();
/** How long a navigation waits for the current page's check. */
const GATE_MS = 5000;
const AXE_OPTIONS = JSON.stringify({ runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] });

/** Checks the page's current document unless it was already checked; resolves when that check is over. */
function ensureChecked(page: Page, who: string): Promise<void> {
  const state = checkStates.get(page);
  if (!state) return Promise.resolve();
  if (state.checkedDocument < state.documents) {
    state.checkedDocument = state.documents;
    state.running = state.running
      .then(() => checkAccessibility(page, who))
      .catch((error) => {
        pageErrors.push(`${who}: accessibility check failed: ${(error as Error).message}`);
      });
  }
  return state.running;
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }>;
}

async function checkAccessibility(page: Page, who: string): Promise<void> {
  let url = page.url();
  if (!url.startsWith('http')) return;
  let result: AxeResult;
  try {
    // One evaluation: the library and its run in the same document.
    result = await page.evaluate(`${AXE_SOURCE};\naxe.run(document, ${AXE_OPTIONS})`);
  } catch (error) {
    // The page was closed or replaced by the test before the check could start.
    if (/closed|destroyed|navigat/i.test((error as Error).message)) return;
    throw error;
  }
  // The document checked may be a later one than the load that asked (see the gate below).
  url = page.url();
  accessibility.checked.push(`${who} ${url}`);
  const failing = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALWAYS_FAIL_RULES.has(v.id));
  if (failing.length === 0) return;
  for (const v of failing) {
    accessibility.violations.push({
      who,
      url,
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    });
  }
  const path = new URL(url).pathname.replace(/[^a-zA-Z0-9]+/g, '_');
  await rawScreenshot(page, `A11Y-${who}${path}-${failing.map((v) => v.id).join('+')}`);
}

/** Waits (at most GATE_MS) for the check of the page's last document, before a test closes it. */
export async function finishChecks(page: Page, who = 'page'): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([
    ensureChecked(page, who).then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), GATE_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!done) accessibility.unfinished.push(`${who} ${page.url()}`);
}

/** The suite's verdict: a readable list of what failed where (empty when every page passed). */
export function accessibilityReport(): string[] {
  // A check still running when the test left its page (rare: seen once, after a link click) is said, not failed.
  if (accessibility.unfinished.length) console.warn(`axe-core checks not finished in ${GATE_MS} ms: ${accessibility.unfinished.join(', ')}`);
  return accessibility.violations.map((v) => `${v.who} ${v.url}: ${v.rule} (${v.impact}) ${v.help} — ${v.targets.join(', ')}`);
}

/** Every page that was opened, so a failing step can photograph them all. */
const openPages = new Map<string, Page>();

/** Script errors and CSP violations seen by any page (HTTP error statuses the tests provoke are not counted). */
export const pageErrors: string[] = [];

/** Records a page's script errors and checks each page it loads with axe-core. */
export async function watch(page: Page, who: string): Promise<void> {
  // axe-core checks every document the page shows: on its load, and at the latest when the test
  // leaves it (the navigation waits for the check), so a test moving on fast cannot skip a page.
  checkStates.set(page, { documents: 0, checkedDocument: 0, running: Promise.resolve() });
  page.on('framenavigated', (frame) => {
    const state = checkStates.get(page);
    if (state && frame === page.mainFrame()) state.documents += 1;
  });
  page.on('load', () => void ensureChecked(page, who));
  await page.route('**/*', async (route) => {
    if (route.request().isNavigationRequest() && route.request().frame() === page.mainFrame()) {
      const done = await Promise.race([
        ensureChecked(page, who).then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), GATE_MS)),
      ]);
      if (done === false) accessibility.unfinished.push(`${who} ${page.url()}`);
    }
    await route.fallback();
  });
  page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`${who}: ${message.text()}`);
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true }).catch(() => undefined);
}

/**
 * A screenshot straight from the DevTools protocol: Playwright's own waits for a navigation to
 * settle, and the navigation the test started is held until this page's check is over.
 */
async function rawScreenshot(page: Page, name: string): Promise<void> {
  try {
    const cdp = await page.context().newCDPSession(page);
    const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true });
    await cdp.detach();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(join(SCREENSHOT_DIR, `${name}.png`), Buffer.from(data, 'base64'));
  } catch {
    // The page went away: the violation is still reported.
  }
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
  await watch(page, who);
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
