/**
 * The complete default configuration: the runbooks' values (runbook-defaults.ts) read through the
 * schema, so the defaults' durations are parsed exactly like a repository's.
 */
import { incidentConfigSchema, type IncidentConfig } from "./schema.js";

/** A fresh copy each call: a caller that mutates its config must never change the next one's defaults. */
export function defaultConfig(): IncidentConfig {
  return incidentConfigSchema.parse({});
}
