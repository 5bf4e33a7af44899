// swagger2openapi ships no types; this is the one call the generator makes.
declare module 'swagger2openapi' {
  export function convertObj(doc: object, options: Record<string, unknown>): Promise<{ openapi: Record<string, any> }>;
}
