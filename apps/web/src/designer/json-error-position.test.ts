import { describe, expect, it } from 'vitest';
import { jsonErrorPosition, positionAt } from './json-error-position';

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`${text} parsed`);
}

describe('jsonErrorPosition', () => {
  it('points at the line and column of a missing comma in a pretty-printed document', () => {
    const text = '{\n  "kind": "object",\n  "name": "account"\n  "label": {}\n}';
    expect(jsonErrorPosition(text, parseError(text))).toEqual({ line: 4, column: 3 });
  });

  it('points at the end of a document that ends too soon', () => {
    const text = '{\n  "fields": [1, 2';
    expect(jsonErrorPosition(text, parseError(text))).toEqual({ line: 2, column: 18 });
    expect(jsonErrorPosition('', parseError(''))).toEqual({ line: 1, column: 1 });
  });

  it("reads another engine's line and column as they are", () => {
    const error = new SyntaxError(
      "JSON.parse: expected ',' or '}' after property value in object at line 3 column 5 of the JSON data",
    );
    expect(jsonErrorPosition('{}', error)).toEqual({ line: 3, column: 5 });
  });

  it('gives no place when the message names none', () => {
    expect(
      jsonErrorPosition('abc', new SyntaxError('Unexpected token \'a\', "abc" is not valid JSON')),
    ).toBeUndefined();
  });

  it('counts columns in UTF-16 code units after the last line break', () => {
    expect(positionAt('{\n  "名称": x', 10)).toEqual({ line: 2, column: 9 });
    expect(positionAt('ab', 99)).toEqual({ line: 1, column: 3 });
  });
});
