export { shingleSet, jaccard, minHashSignature } from './shingles';
export * from './skillText';
export * from './nearDuplicates';
export * from './staleness';
export * from './adoption';
export * from './reuse';
