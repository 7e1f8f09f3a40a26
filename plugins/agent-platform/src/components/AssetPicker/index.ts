export { AssetPicker } from './AssetPicker';
