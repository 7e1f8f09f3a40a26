export { MySpendPage } from './MySpendPage';
