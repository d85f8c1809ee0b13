import { accept, type FieldOf, type FieldType, refuse } from './field-type.js';
import { PRESENCE_OPERATORS, textOperand } from './value-coercion.js';

/** Files of an attachment field when the definition names no maximum. */
export const ATTACHMENT_DEFAULT_MAX_FILES = 10;

/** One stored file reference. */
export interface AttachmentFile {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly contentType?: string;
}

function accepts(rules: readonly string[], file: AttachmentFile): boolean {
  const name = file.name.toLowerCase();
  const type = file.contentType?.toLowerCase() ?? '';
  return rules.some((rule) => {
    const pattern = rule.toLowerCase();
    if (pattern.startsWith('.')) return name.endsWith(pattern);
    if (pattern.endsWith('/*')) return type.startsWith(pattern.slice(0, -1));
    return type === pattern;
  });
}

function isFile(value: unknown): value is AttachmentFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const file = value as Record<string, unknown>;
  return (
    typeof file.id === 'string' &&
    file.id.length > 0 &&
    typeof file.name === 'string' &&
    file.name.length > 0 &&
    typeof file.size === 'number' &&
    Number.isInteger(file.size) &&
    file.size >= 0 &&
    (file.contentType === undefined || typeof file.contentType === 'string') &&
    Object.keys(file).every((key) => ['id', 'name', 'size', 'contentType'].includes(key))
  );
}

/** A list of file references `{ id, name, size, contentType? }`, kept in `extra`. */
export const attachmentType: FieldType<FieldOf<'attachment'>> = {
  type: 'attachment',
  valueKind: () => 'json',
  slotted: () => false,
  writable: true,
  coerce(field, input) {
    if (!Array.isArray(input) || !input.every(isFile)) {
      return refuse('TYPE', 'Expected a list of files { id, name, size, contentType? }.', {
        expected: 'array',
      });
    }
    const maxFiles = field.maxFiles ?? ATTACHMENT_DEFAULT_MAX_FILES;
    if (input.length > maxFiles)
      return refuse('TOO_MANY', `At most ${maxFiles} files.`, { maxFiles });
    for (const file of input) {
      if (field.maxSizeMb !== undefined && file.size > field.maxSizeMb * 1024 * 1024) {
        return refuse('TOO_LARGE', `Files of at most ${field.maxSizeMb} MB.`, {
          maxSizeMb: field.maxSizeMb,
        });
      }
      if (field.accept !== undefined && !accepts(field.accept, file)) {
        return refuse('FORMAT', 'This kind of file is not accepted.', { accept: field.accept });
      }
    }
    return accept(input.map((file) => ({ ...file })));
  },
  serialize: (_field, stored) => stored,
  operators: () => PRESENCE_OPERATORS,
  filterValue: (_field, input) => textOperand(input),
};
