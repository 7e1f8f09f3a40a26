export { SpendSummaryCard, SpendContent } from './SpendCard';
