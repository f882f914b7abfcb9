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
  /** Pages whose check had not finished within GATE_MS when the test acted on them: each fails the suite. */
  unfinished: [] as string[],
};

/** Per page: who it is, how many documents it has committed, which one was last checked, and the check under way. */
interface CheckState {
  who: string;
  documents: number;
  checkedDocument: number;
  running: Promise<void>;
}
const checkStates = new WeakMap<Page, CheckState>();
/**
 * How long an action waits for the check of the document it acts on; a check not over by then
 * fails the suite. Checks take 0.4–3 s with four test runs on two cores; the bound stays under
 * Playwright's 30 s action timeout so the report names the page rather than a timed-out click.
 */
export const GATE_MS = 20_000;
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
  // The same document, maybe at a later address (an in-place htmx update pushes one).
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

/**
 * Waits for the check of the page's current document (at most GATE_MS; loaded first, so a check
 * never judges a page whose stylesheet has not arrived). Every action that may leave or change
 * the document passes here first (see gateActions), and so does closing a page or its context.
 */
export async function finishChecks(page: Page): Promise<void> {
  const state = checkStates.get(page);
  if (!state || page.isClosed() || state.checkedDocument >= state.documents) return;
  let timer: NodeJS.Timeout | undefined;
  const gate = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), GATE_MS);
  });
  const check = page
    .waitForLoadState('load', { timeout: GATE_MS })
    .catch(() => undefined)
    .then(() => ensureChecked(page, state.who))
    .then(() => true);
  const done = await Promise.race([check, gate]);
  clearTimeout(timer);
  if (!done) accessibility.unfinished.push(`${state.who} ${page.url()}`);
}

/** The suite's verdict: a readable list of what failed where (empty when every page passed). */
export function accessibilityReport(): string[] {
  // A page whose check did not finish went unchecked: that fails like a violation would.
  return [
    ...accessibility.unfinished.map((page) => `${page}: axe-core check not finished within ${GATE_MS} ms (the page went unchecked)`),
    ...accessibility.violations.map((v) => `${v.who} ${v.url}: ${v.rule} (${v.impact}) ${v.help} — ${v.targets.join(', ')}`),
  ];
}

const PAGE_ACTIONS = ['goto', 'reload', 'goBack', 'goForward', 'click', 'dblclick', 'tap', 'press', 'fill', 'type', 'selectOption', 'check', 'uncheck', 'setChecked', 'setInputFiles', 'close'];
const LOCATOR_ACTIONS = ['click', 'dblclick', 'tap', 'press', 'pressSequentially', 'fill', 'type', 'selectOption', 'check', 'uncheck', 'setChecked', 'setInputFiles'];
let actionsGated = false;

type Method = (...args: unknown[]) => Promise<unknown>;
function gateMethods(proto: Record<string, unknown>, names: string[], pageOf: (self: unknown) => Page | null): void {
  for (const name of names) {
    const original = proto[name] as Method | undefined;
    if (typeof original !== 'function') continue;
    proto[name] = async function (this: unknown, ...args: unknown[]) {
      const page = pageOf(this);
      if (page) await finishChecks(page);
      return original.apply(this, args);
    };
  }
}

/**
 * Makes every action of the driver that may leave or change a watched page's document wait for
 * that document's check first (once per document). The check used to be awaited by holding the
 * next navigation's request instead; but nothing runs in a page whose navigation request is held
 * (page.evaluate and DevTools' Runtime.evaluate alike wait for it), so a check that had not
 * started, or not finished, before the test clicked away waited for the navigation that waited for
 * it — the "not finished in 5 s" checks, whose pages went unchecked.
 */
function gateActions(page: Page): void {
  if (actionsGated) return;
  actionsGated = true;
  gateMethods(Object.getPrototypeOf(page) as Record<string, unknown>, PAGE_ACTIONS, (self) => self as Page);
  gateMethods(Object.getPrototypeOf(page.locator('html')) as Record<string, unknown>, LOCATOR_ACTIONS, (self) =>
    (self as { page(): Page }).page(),
  );
  const contextProto = Object.getPrototypeOf(page.context()) as Record<string, unknown>;
  const close = contextProto.close as Method;
  contextProto.close = async function (this: BrowserContext, ...args: unknown[]) {
    await Promise.all(this.pages().map((p) => finishChecks(p)));
    return close.apply(this, args);
  };
}

/** Every page that was opened, so a failing step can photograph them all. */
const openPages = new Map<string, Page>();

/** Script errors and CSP violations seen by any page (HTTP error statuses the tests provoke are not counted). */
export const pageErrors: string[] = [];

/** Records a page's script errors and checks each page it loads with axe-core. */
export async function watch(page: Page, who: string): Promise<void> {
  // axe-core checks every document the page shows: on its load, and at the latest before the test
  // acts on it (an action waits for the check; see gateActions), so a test moving on fast cannot
  // skip a page, and a document changed in place (htmx) is checked again.
  checkStates.set(page, { who, documents: 0, checkedDocument: 0, running: Promise.resolve() });
  gateActions(page);
  page.on('framenavigated', (frame) => {
    const state = checkStates.get(page);
    if (state && frame === page.mainFrame()) state.documents += 1;
  });
  page.on('load', () => void ensureChecked(page, who));
  page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`${who}: ${message.text()}`);
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true }).catch(() => undefined);
}

/** A screenshot straight from the DevTools protocol (not through the gated driver). */
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
