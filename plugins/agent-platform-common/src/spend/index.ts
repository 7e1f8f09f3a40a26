export * from './api';
export * from './points';
