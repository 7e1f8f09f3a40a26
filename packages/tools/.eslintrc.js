// This workspace is private and never built or published: its scripts run from source inside this
// repository. They read the repository's examples/ relative to their own folder (`__dirname`), and the
// benchmarks and script tests reach plugin internals (the spend store, the provider's reader) by
// relative path on purpose, so that the published plugins do not export internals for them.
module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    '@backstage/no-relative-monorepo-imports': 'off',
    'no-restricted-syntax': 'off',
    // The registry benchmark serves pages with the provider tests' local registry.
    'no-restricted-imports': 'off',
  },
});
