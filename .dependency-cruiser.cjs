/**
 * The layers of the house (docs/architecture.md): what each folder may import. Checked by
 * src/architecture.test.ts on every `npm test`; `npx depcruise src web/src bench` prints the same.
 * Lower layers never import higher ones: domain < pure rules < db < repositories < log store and
 * payments < services < replay/sim < server < cli.
 */
const rule = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });
module.exports = {
  forbidden: [
    rule('domain-is-pure', 'the rules (src/domain) import nothing of the project outside src/domain, and no node: module',
      { path: '^src/domain/' }, { path: '^src/(?!domain/)|^node:|^(fs|path|crypto|os|util|child_process)$' }),
    rule('domain-no-node', 'src/domain runs in a browser too: no Node built-in modules',
      { path: '^src/domain/' }, { dependencyTypes: ['core'] }),
    rule('pure-rules', 'investigation, challenges, jury and projection are pure: the domain and each other only',
      { path: '^src/(investigation|challenges|jury|projection)/' },
      { path: '^src/(?!domain/|investigation/|challenges/|jury/|projection/)' }),
    rule('core-browser-safe', 'the log\'s verification core runs in browsers: the domain and itself only, no Node built-ins',
      { path: '^src/transparency/core/' }, { path: '^src/(?!transparency/core/|domain/)' }),
    rule('core-no-node', 'the log\'s verification core runs in browsers: no Node built-ins',
      { path: '^src/transparency/core/' }, { dependencyTypes: ['core'] }),
    rule('repositories-below-services', 'repositories hold SQL; they call nothing above them (the payment port is an interface they are handed)',
      { path: '^src/repositories/' },
      { path: '^src/(services|server|cli|replay|sim|payments|transparency/(store|entries|verify|witness))/', pathNot: '^src/payments/payment-provider\\.ts$' }),
    rule('log-below-services', 'the log\'s store, writers, verifier and witness never call services or the shell',
      { path: '^src/transparency/' }, { path: '^src/(services|server|cli|replay|sim)/' }),
    rule('services-below-shell', 'services own the use cases; the server, the CLI, the replay and the simulator call them, not the other way',
      { path: '^src/(services|payments)/' }, { path: '^src/(server|cli|replay|sim)/' }),
    rule('routes-through-services', 'routes translate HTTP and call services or read-only queries (routes-shell.test.ts: reads only); never the database itself',
      { path: '^src/server/routes/' }, { path: '^src/db/' }),
    rule('cli-on-top', 'nothing imports the command line',
      { path: '^src/(?!cli/)' }, { path: '^src/cli/' }),
    rule('web-imports-browser-safe-code', 'the web app imports only browser-safe code of the server tree: the domain, the log\'s core, the jury draw',
      { path: '^web/src/' }, { path: '^src/(?!domain/|transparency/core/|jury/)' }),
    rule('test-support-in-tests', 'test helpers are for tests',
      { path: '^(src|web/src)/', pathNot: '\\.test\\.ts$|^src/test-support/|^src/server/testing\\.ts$' }, { path: '^src/test-support/' }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|\\.test\\.tsx?$|\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
