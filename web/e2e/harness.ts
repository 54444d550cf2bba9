/**
 * The browser tests' rig: builds the web app (into a temporary folder, so the test sees the
 * current code), starts the real `huzhu serve` on a temporary PGlite data folder (or DATABASE_URL
 * when set) and a free port, and drives Debian's Chromium through playwright-core. One server per
 * test file. Screenshots go to $HUZHU_SCREENSHOTS (default web/screenshots/, gitignored).
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { expect } from 'vitest';
import { NAMESPACES } from '../src/i18n/namespaces.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = process.env.HUZHU_SCREENSHOTS ?? join(ROOT, 'web', 'screenshots');
export const WIDTHS = { mobile: { width: 375, height: 812 }, desktop: { width: 1280, height: 900 } } as const;
export type Width = keyof typeof WIDTHS;

export interface Rig {
  url: string;
  /** Demo accounts printed at first start (empty when the database was seeded before). */
  accounts: Record<string, string>;
  browser: Browser;
  close(): Promise<void>;
}

async function buildApp(outDir: string): Promise<void> {
  await build({ configFile: join(ROOT, 'web', 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
}

function startServer(dataDir: string, dist: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string; accounts: Record<string, string> }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'huzhu.js'), 'serve'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HUZHU_DATA: dataDir, PORT: '0', HOST: '127.0.0.1', HUZHU_WEB_DIST: dist, HUZHU_LOG_LEVEL: 'warn', HUZHU_SCRYPT_LOG_N: '10', HUZHU_LOGIN_PER_MINUTE: '1000', HUZHU_REGISTER_PER_HOUR: '1000', ...env },
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    let resolved = false;
    const done = () => {
      const url = /serving the web app at (http:\/\/[^/\s]+)\//.exec(out)?.[1];
      if (resolved || !url || !/ {2}public: .*\n/.test(out)) return;
      resolved = true; // the accounts follow the public line in the same write or the next
      setTimeout(() => resolve({ child, url, accounts: parseAccounts(out) }), 300);
    };
    child.stdout!.on('data', (b: Buffer) => { out += b.toString(); done(); });
    child.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
    child.once('exit', (code) => reject(new Error(`huzhu serve exited (${code}): ${err}\n${out}`)));
  });
}

function parseAccounts(out: string): Record<string, string> {
  const accounts: Record<string, string> = {};
  for (const m of out.matchAll(/^ {2}\w+\s+(\S+@demo\.huzhu)\s+(\S+)\s*$/gm)) accounts[m[1]!] = m[2]!;
  return accounts;
}

/**
 * On a PostgreSQL server (DATABASE_URL, CI's second run) each rig's server gets a schema and a
 * secret key of its own, so test files running at once never share a demo; a caller that names
 * its own DATABASE_URL (bench:web) keeps the server's default schema.
 */
function onOwnSchema(env: Record<string, string>): Record<string, string> {
  if (!process.env.DATABASE_URL || env.DATABASE_URL) return {};
  return { HUZHU_DB_SCHEMA: `e2e_${randomBytes(6).toString('hex')}`, HUZHU_SECRET_KEY: randomBytes(32).toString('hex') };
}

/** `env` adds to the server's environment (bench:web passes DATABASE_URL and HUZHU_CALENDAR=0). */
export async function startRig(env: Record<string, string> = {}): Promise<Rig> {
  const work = mkdtempSync(join(tmpdir(), 'huzhu-e2e-'));
  await buildApp(join(work, 'dist'));
  const server = await startServer(join(work, 'data'), join(work, 'dist'), { ...onOwnSchema(env), ...env });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  return {
    url: server.url, accounts: server.accounts, browser,
    close: async () => {
      await browser.close();
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** A fresh page at a width and language (the language is set as the app remembers it). */
export async function openPage(rig: Rig, width: Width, language: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
  const context = await rig.browser.newContext({ viewport: WIDTHS[width], locale: language === 'en' ? 'en-GB' : 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.addInitScript((lng) => { if (!localStorage.getItem('huzhu.language')) localStorage.setItem('huzhu.language', lng); }, language);
  return context.newPage();
}

/** Serious or critical axe-core violations on the page (an empty list is clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// Every top-level namespace of the catalog: a key of any of them shown raw means a missing message.
// A file name such as docs/regulator.md is not a key (a slash before it, or a file extension after).
const RAW_KEY = new RegExp(`(?<![/\\w])(?:${NAMESPACES.join('|')})\\.(?!(?:md|ts|tsx|json|csv|html|png)\\b)[a-zA-Z][a-zA-Z0-9.-]*\\b`, 'g');

/** Message keys shown raw (e.g. "home.title") mean a key is missing from a catalog. */
export async function rawKeys(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return [...text.matchAll(RAW_KEY)].map((m) => m[0]);
}

/** A fresh page at a width and language, logged in as one of the demo accounts. */
export async function loggedIn(rig: Rig, email: string, width: Width, lng: 'zh-CN' | 'en'): Promise<Page> {
  const page = await openPage(rig, width, lng);
  const res = await page.request.post(`${rig.url}/auth/login`, { data: { email, password: rig.accounts[email] } });
  expect(res.status(), `login as ${email}`).toBe(200);
  return page;
}

/** No raw key, no serious or critical axe violation, and a screenshot. */
export async function looksRight(page: Page, name: string): Promise<void> {
  expect(await rawKeys(page)).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, name);
}
