import type { JsonSchema } from './openapi-field-schema.js';

/** A reference to a schema of the document's components. */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A reference to a parameter of the document's components. */
export const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });

/** A reference to a header of the document's components. */
export const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** JSON content of a request or response. */
export const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

/** A response answering `schema` as JSON. */
export const ok = (description: string, schema: JsonSchema) => ({
  description,
  content: json(schema),
});

/** An error response, in the one error format. */
export const errorResponse = (description: string) => ({
  description,
  content: json(ref('Error')),
});
