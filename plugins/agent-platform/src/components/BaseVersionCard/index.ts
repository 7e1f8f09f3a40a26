export { BaseVersionCard } from './BaseVersionCard';
