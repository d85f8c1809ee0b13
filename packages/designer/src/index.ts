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
export { designerMessages } from './designer-messages.js';
export {
  createDesignerStore,
  type DesignerState,
  type FormCommand,
  UNDO_LIMIT,
} from './designer-store.js';
