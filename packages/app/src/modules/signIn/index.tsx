import { ProxiedSignInPage } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  type SignInPageProps,
} from '@backstage/plugin-app-react';
import { z } from 'zod';

/**
 * The portal's sign-in page. Development signs in as guest ("Enter"); production names the
 * auth backend's proxy provider in the extension's config, and the page then signs in silently
 * through it, with no form of its own (the identity comes from the authenticating proxy in front
 * of the portal, e.g. oauth2-proxy):
 *
 * ```yaml
 * app:
 *   extensions:
 *     - sign-in-page:app:
 *         config:
 *           proxyProvider: oauth2Proxy
 * ```
 */
export const signInPage = SignInPageBlueprint.makeWithOverrides({
  configSchema: {
    proxyProvider: z.string().min(1).optional(),
  },
  factory(originalFactory, { config }) {
    const provider = config.proxyProvider;
    // The guest form is imported only when the portal shows it (development): core-components'
    // SignInPage brings its provider forms with react-hook-form, which the initial bundle does
    // not otherwise need. The proxied page stays in the initial bundle: what it imports
    // (ErrorPanel, Progress) is there anyway (the app plugin's error display), and a lazy
    // import would add a chunk request before every production sign-in.
    return originalFactory({
      loader: async () =>
        provider
          ? (props: SignInPageProps) => (
              <ProxiedSignInPage {...props} provider={provider} />
            )
          : import('./GuestSignIn').then(m => m.GuestSignInPage),
    });
  },
});

/** Replaces the app plugin's default (guest-only) sign-in page with {@link signInPage}. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
