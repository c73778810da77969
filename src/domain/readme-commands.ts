import { renderCommandTableMarkdown } from "./command-registry.js";

const START = "<!-- commands:start -->";
const END = "<!-- commands:end -->";

/** The README with its command table replaced by the one generated from the registry. */
export function withCommandTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error("README.md lacks the commands:start/end markers");
  return `${readme.slice(0, start + START.length)}\n${renderCommandTableMarkdown()}\n${readme.slice(end)}`;
}
