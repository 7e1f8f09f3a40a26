import { ProxiedSignInPage } from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/plugin-app-react';

/** Signs in silently through the authenticating proxy's auth provider (production). */
export function proxiedSignInPage(provider: string) {
  return (props: SignInPageProps) => (
    <ProxiedSignInPage {...props} provider={provider} />
  );
}
