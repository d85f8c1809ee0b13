import { type CustomOperator, toText } from './custom-operator.js';

function textMap(name: string, transform: (text: string) => string): CustomOperator {
  return {
    name,
    arity: [1, 1],
    evaluate: ([value]) => {
      const text = toText(value);
      return text === null ? null : transform(text);
    },
  };
}

function textTest(name: string, test: (text: string, part: string) => boolean): CustomOperator {
  return {
    name,
    arity: [2, 2],
    evaluate: ([value, part]) => {
      const text = toText(value);
      const search = toText(part);
      return text !== null && search !== null && test(text, search);
    },
  };
}

/** Text helpers; null or non-text input gives null (or false for tests, 0 for length). */
export const STRING_OPERATORS: readonly CustomOperator[] = [
  textMap('upper', (text) => text.toUpperCase()),
  textMap('lower', (text) => text.toLowerCase()),
  textMap('trim', (text) => text.trim()),
  {
    name: 'length',
    arity: [1, 1],
    evaluate: ([value]) => {
      if (Array.isArray(value)) return value.length;
      const text = toText(value);
      // Counted in characters (code points), so '客户' is 2 and an emoji is 1.
      return text === null ? 0 : Array.from(text).length;
    },
  },
  {
    name: 'contains',
    arity: [2, 2],
    evaluate: ([value, part]) => {
      if (Array.isArray(value)) return value.includes(part);
      const text = toText(value);
      const search = toText(part);
      return text !== null && search !== null && text.includes(search);
    },
  },
  textTest('starts_with', (text, part) => text.startsWith(part)),
  textTest('ends_with', (text, part) => text.endsWith(part)),
  {
    name: 'concat_ws',
    arity: [1, Number.POSITIVE_INFINITY],
    evaluate: ([separator, ...values]) => {
      const joiner = toText(separator) ?? '';
      const texts = values
        .flat()
        .map(toText)
        .filter((text): text is string => text !== null && text !== '');
      return texts.join(joiner);
    },
  },
];
