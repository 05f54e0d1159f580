import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
// Importing the composition root registers every route's documentation.
import '../../adapters/di/container.js';
import { buildOpenApiDocument } from '../../adapters/http/openapi.js';

const HEADER = "/**\n * Generated from paysaga's OpenAPI document by `npm run client`; do not edit.\n */\n\n";

/** The client's types for every documented route, as openapi-typescript writes them. */
export async function clientTypes(): Promise<string> {
  const ast = await openapiTS(buildOpenApiDocument() as unknown as OpenAPI3, { alphabetize: true });
  return HEADER + astToString(ast);
}
