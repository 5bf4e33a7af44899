// The shape of the documents the generator reads: Swagger 2 as upstream publishes it and OpenAPI 3 as
// converted. Only what the generator reads is named; everything else an upstream file may carry
// (vendor extensions, examples) passes through untouched, so each type stays open.

/** A JSON Schema as Swagger 2 and OpenAPI 3 write it (`x-nullable` or `nullable`, one type or a list). */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  'x-nullable'?: boolean;
  [key: string]: any;
}

/** A parameter: `in` query, header, path, body (Swagger 2) or formData; `required` is a flag here. */
export interface Parameter extends Omit<Schema, 'required'> {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

/** A response: `schema` in Swagger 2, `content` by media type in OpenAPI 3. */
export interface Response extends Schema {
  schema?: Schema;
  content?: Record<string, { schema?: Schema }>;
}

export interface OperationObject extends Schema {
  operationId?: string;
  parameters?: Parameter[];
  responses?: Record<string, Response>;
  produces?: string[];
  consumes?: string[];
}

/** A path item: its operations by lower-case method, and parameters shared by all of them. */
export interface PathItem extends Schema {
  parameters?: Parameter[];
}

/** A Swagger 2 document. */
export interface Swagger extends Schema {
  paths: Record<string, PathItem>;
  definitions?: Record<string, Schema>;
  produces?: string[];
}

/** An OpenAPI 3 document. */
export interface OpenApi extends Schema {
  paths: Record<string, PathItem>;
  components?: { schemas?: Record<string, Schema>; [key: string]: any };
}
