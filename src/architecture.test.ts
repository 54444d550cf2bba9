/**
 * The layers of the house (docs/architecture.md), as rules in .dependency-cruiser.cjs: the
 * domain and the log's core import nothing above them, repositories call nothing above them,
 * services never reach the server or the CLI, routes never touch the database, the web app
 * imports only browser-safe code. `npx depcruise src web/src bench` prints the same check.
 */
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as { forbidden: IForbiddenRuleType[]; options: Record<string, unknown> };

async function violations(paths: string[], forbidden: IForbiddenRuleType[]): Promise<string[]> {
  const result = await cruise(paths, { ...config.options, validate: true, ruleSet: { forbidden } } as never);
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

describe('the layers', () => {
  it('every import in src, web/src and bench follows the rules', async () => {
    expect(await violations(['src', 'web/src', 'bench'], config.forbidden)).toEqual([]);
  }, 120_000);

  it('the rules see arrows: the log core does import the domain, which a stricter rule refuses', async () => {
    const strict: IForbiddenRuleType = { name: 'core-imports-nothing', severity: 'error', from: { path: '^src/transparency/core/' }, to: { path: '^src/domain/' } };
    expect((await violations(['src/transparency/core'], [strict])).length).toBeGreaterThan(0);
  }, 120_000);
});
