import { commonSchema } from './generated/schemas.js';
import type { FilterCondition } from './generated/types.js';

/** An operator of a filter condition. */
export type FilterOperator = FilterCondition['op'];

/** Every filter operator, in the order the schema lists them: the one list planner, API docs and editors share. */
export const FILTER_OPERATORS: readonly FilterOperator[] = Object.freeze([
  ...commonSchema.$defs.filterCondition.properties.op.enum,
]);
