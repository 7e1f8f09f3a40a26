import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { catalogGraphModule } from './modules/catalogGraph';
import { signInModule } from './modules/signIn';
import agentPlatformPlugin from '@agent-platform/plugin-agent-platform/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';

export default createApp({
  features: [
    catalogPlugin,
    navModule,
    signInModule,
    catalogGraphModule,
    agentPlatformPlugin,
    notificationsPlugin,
    signalsPlugin,
  ],
});
