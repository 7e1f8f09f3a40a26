export { McpServerPickerField } from './McpServerPickerField';
