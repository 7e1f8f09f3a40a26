// The published CLI is one bundled file (bundle.mjs): the core and its other dependencies are
// bundled in, so they are devDependencies on purpose, and imports of them are allowed.
module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    '@backstage/no-undeclared-imports': 'off',
  },
});
