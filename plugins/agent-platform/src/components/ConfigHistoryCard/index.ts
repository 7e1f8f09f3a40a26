export {
  ConfigHistoryCard,
  EntityConfigHistoryCard,
} from './ConfigHistoryCard';
