/** Two projects: fast unit specs beside the code (transpile-only), and e2e specs under test/
 *  that run against the real database, serially, with the Swagger plugin applied as in the build
 *  so the OpenAPI document under test is the one production serves. A third, `tour`, is not a
 *  test suite: it takes the README's screenshots (npm run screenshots). */
/** How the e2e specs (and the tour, which drives the same app) are compiled and set up. */
const withTheApp = {
  testEnvironment: 'node',
  rootDir: '.',
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: 'tsconfig.e2e.json',
        diagnostics: false,
        astTransformers: {
          before: ['<rootDir>/test/setup/swagger-transformer.js'],
        },
      },
    ],
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/timeout.ts'],
};

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
    },
    { ...withTheApp, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // `npm run screenshots`: the README's working-day tour (docs/tour/*.png) from the demo data.
    { ...withTheApp, displayName: 'tour', testMatch: ['<rootDir>/test/tour/*.tour-spec.ts'] },
  ],
};
