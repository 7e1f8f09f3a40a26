export { DescriptionField } from './DescriptionField';
