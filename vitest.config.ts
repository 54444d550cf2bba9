import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    // Guards against a hang, not performance checks: the browser tests (a Vite build, a server,
    // Chromium) share the two cores with the replay and crash tests, which then take 45-70 s.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
