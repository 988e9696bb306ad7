/** The shared building blocks of every page. */
export { Page } from './Page';
export { Notice, type NoticeKind } from './Notice';
export { Button } from './Button';
export { TextField, TextArea, SelectField, RadioGroup, CheckboxGroup, type Option } from './fields';
