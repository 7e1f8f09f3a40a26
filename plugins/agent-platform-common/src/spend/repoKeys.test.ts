import { componentRepoKeys } from './repoKeys';

describe('componentRepoKeys', () => {
  it('maps a Component to the repository names telemetry may send', () => {
    expect(
      componentRepoKeys({
        metadata: {
          name: 'payments-api',
          annotations: {
            'github.com/project-slug': 'Acme/Payments-API',
            'backstage.io/source-location': 'url:https://github.com/acme/payments-service.git/tree/main/',
          },
        },
      }),
    ).toEqual([
      'Acme/Payments-API',
      'Payments-API',
      'acme/payments-api',
      'acme/payments-service',
      'github.com/acme/payments-service',
      'https://github.com/acme/payments-service',
      'payments-api',
      'payments-service',
    ]);
  });

  it('is the name alone without annotations, and ignores a source location that is not a URL', () => {
    expect(componentRepoKeys({ metadata: { name: 'web', annotations: { 'backstage.io/source-location': 'file:/tmp/x' } } })).toEqual(['web']);
  });
});
