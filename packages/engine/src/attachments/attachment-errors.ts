import { defineError } from '@tangram/errors';

/** No file of that id in the tenant. */
export const ATTACHMENT_NOT_FOUND = defineError<{ id: string }>(
  'ATTACHMENT_NOT_FOUND',
  404,
  'The file does not exist.',
);

/** An upload over the size limit, or an empty one. */
export const ATTACHMENT_SIZE_INVALID = defineError<{ size: number; max: number }>(
  'ATTACHMENT_SIZE_INVALID',
  413,
  'The file is empty or larger than the upload limit.',
);
