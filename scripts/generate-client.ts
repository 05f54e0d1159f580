/**
 * Writes `clients/typescript/openapi.d.ts`, the typed client's types, from the OpenAPI document
 * the API serves (every documented route). `npm run client` after a route or schema changes; a
 * unit test fails while the committed file differs from a fresh generation.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { clientTypes } from '../clients/typescript/generate.js';

const target = fileURLToPath(new URL('../clients/typescript/openapi.d.ts', import.meta.url));
await writeFile(target, await clientTypes());
process.stdout.write(`wrote ${target}\n`);
