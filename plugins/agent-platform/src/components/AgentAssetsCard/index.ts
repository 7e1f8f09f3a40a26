export { AgentAssetsCard, AgentAssetsTables } from './AgentAssetsCard';
export { AssetDocumentCard } from './AssetDocumentCard';
