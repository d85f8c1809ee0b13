import type { FieldDef } from '@tangram/schema';
import { attachmentType } from './attachment.js';
import { autonumberType } from './autonumber.js';
import { booleanType } from './boolean.js';
import { currencyType } from './currency.js';
import { dateType } from './date.js';
import { datetimeType } from './datetime.js';
import { departmentType } from './department.js';
import { emailType } from './email.js';
import type { FieldOf, FieldType } from './field-type.js';
import { formulaType } from './formula.js';
import { integerType } from './integer.js';
import { longTextType } from './long-text.js';
import { lookupType } from './lookup.js';
import { masterDetailType } from './master-detail.js';
import { multiSelectType } from './multi-select.js';
import { numberType } from './number.js';
import { percentType } from './percent.js';
import { phoneType } from './phone.js';
import { ratingType } from './rating.js';
import { regionType } from './region.js';
import { richTextType } from './rich-text.js';
import { rollupType } from './rollup.js';
import { singleSelectType } from './single-select.js';
import { textType } from './text.js';
import { urlType } from './url.js';
import { userType } from './user.js';

/** Every field type of the schema, one file each; the mapped type makes a missing one a type error. */
export const FIELD_TYPES: { readonly [T in FieldDef['type']]: FieldType<FieldOf<T>> } =
  Object.freeze({
    text: textType,
    long_text: longTextType,
    rich_text: richTextType,
    integer: integerType,
    number: numberType,
    currency: currencyType,
    percent: percentType,
    date: dateType,
    datetime: datetimeType,
    boolean: booleanType,
    single_select: singleSelectType,
    multi_select: multiSelectType,
    email: emailType,
    phone: phoneType,
    url: urlType,
    lookup: lookupType,
    master_detail: masterDetailType,
    user: userType,
    department: departmentType,
    formula: formulaType,
    rollup: rollupType,
    autonumber: autonumberType,
    attachment: attachmentType,
    region: regionType,
    rating: ratingType,
  });

/** The registry entry of a field's type, typed for any field definition. */
export function fieldTypeOf(field: FieldDef): FieldType {
  return FIELD_TYPES[field.type] as unknown as FieldType;
}
