import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { signInPage } from './index';

describe('signInPage', () => {
  it('shows the guest form, loaded when the page is shown, without a proxy provider', async () => {
    const SignIn = createExtensionTester(signInPage).get(
      SignInPageBlueprint.dataRefs.component,
    );
    await renderInTestApp(<SignIn onSignInSuccess={jest.fn()} />, {
      config: {
        app: { title: 'Agent Platform' },
        backend: { baseUrl: 'http://localhost:7007' },
      },
    });
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  });

  it('signs in through the proxy provider, with no form, when one is configured', async () => {
    const fetchMock = jest
      .spyOn(global, 'fetch')
      .mockResolvedValue(new Response('{}', { status: 401 }));
    try {
      const SignIn = createExtensionTester(signInPage, {
        config: { proxyProvider: 'oauth2Proxy' },
      }).get(SignInPageBlueprint.dataRefs.component);
      await renderInTestApp(<SignIn onSignInSuccess={jest.fn()} />);
      expect(
        await screen.findByText(/You do not appear to be signed in/),
      ).toBeInTheDocument();
      expect(String(fetchMock.mock.calls[0][0])).toMatch(
        /\/oauth2Proxy\/refresh$/,
      );
      expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
    } finally {
      fetchMock.mockRestore();
    }
  });
});
