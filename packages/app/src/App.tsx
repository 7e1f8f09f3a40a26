import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { catalogGraphModule } from './modules/catalogGraph';

export default createApp({
  features: [catalogPlugin, navModule, catalogGraphModule],
});
