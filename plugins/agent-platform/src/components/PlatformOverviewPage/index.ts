export { PlatformOverviewPage } from './PlatformOverviewPage';
