import { z } from "zod";
import { incidentConfigSchema } from "./schema.js";

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of `.github/incident.yml`, for editors. `io: "input"` describes what a person
 * may write, so fields with defaults are optional and the durations' and severity keys' transforms
 * are left out (their patterns stay). A file is merged over the defaults before it is validated
 * (see parse.ts), so the file accepts more than the schema's strict objects say on their own.
 */
export function configJsonSchema(): JsonSchema {
  const jsonSchema = z.toJSONSchema(incidentConfigSchema, { io: "input", target: "draft-2020-12" });
  acceptWhatTheMergeAccepts(jsonSchema);
  return { ...jsonSchema, title: "Firebreak incident configuration" };
}

/**
 * What the merge in parse.ts adds to the schema of the merged result:
 * - a record whose keys must all exist after the merge (phases, roles) may name just the ones it changes;
 * - `null` removes a key: a field with a default falls back to it, and an entry of an open record
 *   (severities, types, contacts, …) disappears. A required field or an entry of phases or roles cannot go.
 * Lists replace the default list whole, so nothing inside a list is merged and their items stay as they are.
 */
function acceptWhatTheMergeAccepts(node: JsonSchema): void {
  const required = new Set(Array.isArray(node.required) ? node.required : []);
  const properties = node.properties;
  if (isJsonSchema(properties)) {
    for (const [key, property] of Object.entries(properties)) {
      if (!isJsonSchema(property)) continue;
      acceptWhatTheMergeAccepts(property);
      if (!required.has(key)) acceptNull(property, key);
    }
  }
  const entry = node.additionalProperties;
  if (isJsonSchema(entry)) {
    acceptWhatTheMergeAccepts(entry);
    if (required.size > 0) delete node.required;
    else acceptNull(entry, "a record entry");
  }
}

function acceptNull(node: JsonSchema, what: string): void {
  if (typeof node.type !== "string")
    throw new Error(`configJsonSchema: cannot accept null for ${what}, which has no single type`);
  node.type = [node.type, "null"];
  if (Array.isArray(node.enum)) node.enum = [...node.enum, null];
}

function isJsonSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
