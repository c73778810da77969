import type { ContentsPort } from "../port.js";
import { OctokitRepo } from "./base.js";
import { statusOf } from "./errors.js";

export class OctokitContents extends OctokitRepo implements ContentsPort {
  async readFile(path: string): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({ ...this.where, path, mediaType: { format: "raw" } });
      return typeof data === "string" ? data : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }
}
