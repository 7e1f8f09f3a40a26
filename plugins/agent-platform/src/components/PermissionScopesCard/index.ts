export { PermissionScopesCard } from './PermissionScopesCard';
