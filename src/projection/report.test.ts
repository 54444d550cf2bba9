import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { compareScenarioFiles } from './compare.ts';
import { renderReport } from './report.ts';
import { SCENARIOS_DIR } from './scenario.ts';
import { calibrate } from './calibration.ts';

const CHROMIUM = '/usr/bin/chromium';

function sampleReport() {
  const report = compareScenarioFiles(
    ['baseline.json', 'graded-contributions.json', 'share-limit.json'].map((f) => join(SCENARIOS_DIR, f)),
    { years: 5, runs: 20, seed: 3 },
  );
  return { ...report, calibration: calibrate().rows };
}

describe('renderReport', () => {
  it('is one self-contained page: inline SVG, no external assets, data as JSON', () => {
    const html = renderReport(sampleReport());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|url\(http/);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(6);
    const json = /<script type="application\/json" id="huzhu-data">(.*?)<\/script>/s.exec(html)?.[1];
    const data = JSON.parse(json!) as { scenarios: Array<{ name: string }> };
    expect(data.scenarios.map((s) => s.name)).toEqual(['baseline', 'graded contributions', 'share limit 5 yuan']);
  });

  it('escapes scenario names', () => {
    const r = sampleReport();
    r.scenarios[0]!.name = '<b>x</b>';
    const html = renderReport(r);
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it.skipIf(!existsSync(CHROMIUM))('renders in headless Chromium with every chart and no console errors', async () => {
    const html = renderReport(sampleReport());
    const file = join(tmpdir(), 'huzhu-projection-report.html');
    writeFileSync(file, html);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
      const errors: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(e.message));
      const failed: string[] = [];
      page.on('requestfailed', (r) => failed.push(r.url()));
      await page.goto(`file://${file}`);
      const svgs = await page.locator('svg').count();
      expect(svgs).toBeGreaterThanOrEqual(6);
      // Each line chart draws one polyline per scenario.
      const lines = await page.locator('svg polyline').count();
      expect(lines).toBeGreaterThanOrEqual(5 * 3);
      const box = await page.locator('svg').first().boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      await page.screenshot({ path: join(tmpdir(), 'huzhu-projection-report.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(failed).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
