export type { CanvasContext } from './canvas.js';
export { addSection, type SectionPlace } from './commands/add-section.js';
export { addTab, addTabs, type NewTab } from './commands/add-tabs.js';
export {
  blockIdsOf,
  findItem,
  findSection,
  findTabs,
  freshBlockId,
  type ItemLocation,
  locateItem,
  placedFields,
  sectionsOf,
} from './commands/form-tree.js';
export { insertItem } from './commands/insert-item.js';
export { moveBlock } from './commands/move-block.js';
export { moveItem } from './commands/move-item.js';
export { removeItem } from './commands/remove-item.js';
export { type BlockPatch, type FieldItemPatch, updateItem } from './commands/update-item.js';
export { ConditionBuilder, type ConditionBuilderProps } from './condition-builder.js';
export {
  CONDITION_OPERATORS,
  type Condition,
  type ConditionGroup,
  type ConditionOperator,
  conditionsToLogic,
  logicToConditions,
} from './condition-logic.js';
export { designerMessages } from './designer-messages.js';
export {
  createDesignerStore,
  type DesignerState,
  type FormCommand,
  UNDO_LIMIT,
} from './designer-store.js';
export { DESIGNER_MARKS, FormDesigner, type FormDesignerProps } from './form-designer.js';
export { JsonCodeEditor } from './json-code-editor.js';
export { LABEL_LOCALES, LocalizedTextInput } from './localized-text-input.js';
export type { EditorSchema, MonacoJsonEditorProps } from './monaco-json-editor.js';
export { type ChildRelation, type DropContext, dragId, resolveDrop } from './resolve-drop.js';
export { RuleEditor, type RuleEditorProps } from './rule-editor.js';
export { useDesigner } from './use-designer.js';
