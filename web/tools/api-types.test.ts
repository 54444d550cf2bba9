import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { SCHEMA_FILE, generateApiTypes } from './api-types.ts';

it('the web app\'s API types match what the current server publishes (else run `npm run gen:web-api`)', async () => {
  expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await generateApiTypes());
});
