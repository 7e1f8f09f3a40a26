export * from './skillEvalResult';
export * from './skillEvalBar';
