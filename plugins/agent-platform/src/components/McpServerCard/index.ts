export { McpServerCard } from './McpServerCard';
