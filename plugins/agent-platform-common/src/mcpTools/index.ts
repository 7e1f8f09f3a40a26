export * from './compareMcpTools';
