export { OrgHealthSection } from './OrgHealthSection';
export { AdoptionCard } from './AdoptionCard';
export { NearDuplicatesCard } from './NearDuplicatesCard';
export { ReuseTrendCard } from './ReuseTrendCard';
export { StalenessCard } from './StalenessCard';
export { EntityStalenessCard } from './EntityStalenessCard';
