export { BaseReleaseField } from './BaseReleaseField';
