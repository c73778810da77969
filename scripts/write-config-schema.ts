/**
 * Writes incident.schema.json from the zod schema, so editors (via the yaml-language-server
 * comment in .github/incident.yml) check and complete the file. Run with `npm run schema:json`.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configJsonSchema } from "../src/config/json-schema.js";

const target = fileURLToPath(new URL("../incident.schema.json", import.meta.url));
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
