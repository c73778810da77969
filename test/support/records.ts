import type { RecordReader } from "../../src/domain/inputs.js";
import {
  readEmbeddedRecords,
  readTrailingRecord,
  renderRecord,
  type RecordData,
  type SigningKeys,
} from "../../src/domain/markers.js";

/** Records as the app signs them, for unit tests of one issue (acme/checkout#7, HistoryBuilder's default). */
export const TEST_KEYS: SigningKeys = { current: "unit-test-key", previous: [] };
const TEST_SCOPE = "acme/checkout#7";

export const testRecords: RecordReader = {
  trailing: (body) => readTrailingRecord(body, TEST_SCOPE, TEST_KEYS),
  embedded: (body, kind) => readEmbeddedRecords(body, kind, "acme/checkout", TEST_KEYS),
};

export function signedRecord(kind: string, data: RecordData, scope = TEST_SCOPE): string {
  return renderRecord(kind, data, scope, TEST_KEYS);
}
