import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Projects that need the run's embedded PostgreSQL (test/support/global-setup.ts) and start
// Temporal servers: slow hooks, generous limits.
const withServers = {
  globalSetup: ['test/support/global-setup.ts'],
  hookTimeout: 120_000,
  testTimeout: 60_000,
};

const projects = [
  { name: 'unit', dir: 'test/unit', servers: false },
  { name: 'integration', dir: 'test/integration', servers: true },
  { name: 'workflows', dir: 'test/workflows', servers: true },
  { name: 'e2e', dir: 'test/e2e', servers: true },
] as const;

// vitest 4 lets a project with no files pass silently as long as another project ran (and
// fails when every selected project is empty). No passWithNoTests: say so instead of hiding it.
for (const { name, dir } of projects) {
  const hasTests = existsSync(dir) && readdirSync(dir, { recursive: true }).some((file) => String(file).endsWith('.test.ts'));
  if (!hasTests) console.warn(`[vitest.config] project "${name}" has no *.test.ts under ${dir}/ yet`);
}

export default defineConfig({
  test: {
    // Temporal's native bridge (core-bridge) breaks under worker threads; every project forks.
    pool: 'forks',
    // CI machines have 2 cores; PostgreSQL, Temporal servers and workers share them.
    maxWorkers: 2,
    // Root-only option: global teardown stops PostgreSQL; test files stop their Temporal servers.
    teardownTimeout: 60_000,
    projects: projects.map(({ name, dir, servers }) => ({
      extends: true as const,
      test: {
        name,
        include: [`${dir}/**/*.test.ts`],
        ...(servers ? withServers : {}),
        // The e2e stack serves the storefront and the console: built once, before the run.
        ...(name === 'e2e' ? { globalSetup: [...withServers.globalSetup, 'test/support/build-web.ts'] } : {}),
      },
    })),
  },
});
