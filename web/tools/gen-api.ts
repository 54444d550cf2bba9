/** `npm run gen:web-api`: regenerate web/src/api/schema.d.ts from the current server. */
import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE, generateApiTypes } from './api-types.ts';

writeFileSync(SCHEMA_FILE, await generateApiTypes());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
