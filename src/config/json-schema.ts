import { z } from "zod";
import { incidentConfigSchema, phasesSchema, rolesSchema } from "./schema.js";

/**
 * The JSON Schema of `.github/incident.yml`, for editors. `io: "input"` describes what a person
 * may write, so fields with defaults are optional (and severity keys' type-only transform is
 * ignored). Phases and roles must all exist after parsing, but a file is merged over the
 * defaults first (see parse.ts), so the file itself may name just the ones it changes.
 */
export function configJsonSchema(): Record<string, unknown> {
  const jsonSchema = z.toJSONSchema(incidentConfigSchema, {
    io: "input",
    target: "draft-2020-12",
    override: ({ zodSchema, jsonSchema: generated }) => {
      if (zodSchema === phasesSchema || zodSchema === rolesSchema) delete generated.required;
    },
  });
  return { ...jsonSchema, title: "Firebreak incident configuration" };
}
