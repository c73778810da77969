import type { CommandVocabulary } from "../../src/domain/commands.types.js";

/** The vocabulary the parser tests run against: the default severities (one renamed) and three types. */
export const TEST_VOCABULARY: CommandVocabulary = {
  severities: [
    { key: "sev1", name: "Critical" },
    { key: "sev2", name: "High" },
    { key: "sev3", name: "Moderate" },
    { key: "sev4", name: "Low" },
  ],
  types: ["security", "outage", "data-loss"],
};
