import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
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
const signInPage = SignInPageBlueprint.makeWithOverrides({
  configSchema: {
    proxyProvider: z.string().min(1).optional(),
  },
  factory(originalFactory, { config }) {
    const provider = config.proxyProvider;
    // Each page in its own chunk, imported only when the app shows it: core-components'
    // sign-in pages bring about 1 MB of source the initial bundle otherwise does not need
    // (ProxiedSignInPage its ErrorPanel, hence MarkdownContent with react-markdown, remark-gfm
    // and parse5; SignInPage its provider forms with react-hook-form), and a portal uses one.
    return originalFactory({
      loader: () =>
        provider
          ? import('./ProxiedSignIn').then(m => m.proxiedSignInPage(provider))
          : import('./GuestSignIn').then(m => m.GuestSignInPage),
    });
  },
});

/** Replaces the app plugin's default (guest-only) sign-in page with {@link signInPage}. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
