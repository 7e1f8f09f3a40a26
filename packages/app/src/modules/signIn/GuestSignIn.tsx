import { SignInPage } from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/plugin-app-react';

/** The guest sign-in form (development). */
export function GuestSignInPage(props: SignInPageProps) {
  return <SignInPage {...props} providers={['guest']} />;
}
