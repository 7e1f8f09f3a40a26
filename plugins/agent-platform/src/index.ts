export { agentPlatformPlugin as default } from './plugin';
