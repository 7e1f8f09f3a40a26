export * from './api';
export * from './points';
export * from './otlp';
export * from './cumulative';
export * from './attribution';
export * from './report';
export * from './adminApi';
