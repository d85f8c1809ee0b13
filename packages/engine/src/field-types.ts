/**
 * The field-type registry alone, for browsers: the web app asks it which filter operators a
 * field allows, without loading the rest of the engine (whose identity code needs Node).
 */
export type { FieldType, FilterOp } from './field-types/field-type.js';
export { FIELD_TYPES, fieldTypeOf } from './field-types/field-type-registry.js';
