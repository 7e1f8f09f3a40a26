import { repoPinsOf } from './teamPins';
import { entities } from '../__testUtils__';

describe('repoPinsOf', () => {
  it('prefers the pin observed in the repository over the config extends', () => {
    const config = {
      ...entities.cartServiceRepoConfig,
      spec: {
        ...entities.cartServiceRepoConfig.spec,
        extends: 'org-base@2.0.0',
      },
    };
    expect(
      repoPinsOf([entities.checkoutWeb, entities.cartService], [config]),
    ).toEqual([
      { repo: 'component:default/cart-service', pin: 'org-base@2.2.0' },
      { repo: 'component:default/checkout-web' },
    ]);
  });

  it("uses the config's extends when nothing was observed", () => {
    const config = {
      ...entities.cartServiceRepoConfig,
      spec: {
        type: 'agent-config',
        level: 'repo',
        component: 'cart-service',
        extends: 'org-base@2.1.0',
      },
    };
    expect(repoPinsOf([entities.cartService], [config])).toEqual([
      { repo: 'component:default/cart-service', pin: 'org-base@2.1.0' },
    ]);
  });
});
