export { ExceptionsCard } from './ExceptionsCard';
export { EntityExceptionsCard } from './EntityExceptionsCard';
