export { BaseReleasesCard } from './BaseReleasesCard';
