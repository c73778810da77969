/** Regenerates the README's command table from the command registry (`npx tsx scripts/write-readme-commands.ts`). */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { withCommandTable } from "../src/render/command-docs.js";

const target = fileURLToPath(new URL("../README.md", import.meta.url));
writeFileSync(target, withCommandTable(readFileSync(target, "utf8")));
console.log(`updated ${target}`);
