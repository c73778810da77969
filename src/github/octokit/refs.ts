import type { RefsPort } from "../port.js";
import { OctokitRepo } from "./base.js";
import { statusOf } from "./errors.js";

const ID_REF_NAMESPACE = "firebreak/incidents";

export class OctokitRefs extends OctokitRepo implements RefsPort {
  async claimIncidentId(prefix: string, defaultBranch: string): Promise<string> {
    const { data: head } = await this.octokit.rest.git.getRef({ ...this.where, ref: `heads/${defaultBranch}` });
    const taken = await this.octokit.rest.git
      .listMatchingRefs({ ...this.where, ref: `${ID_REF_NAMESPACE}/${prefix}-` })
      .then(({ data }) =>
        data.map((ref) => Number(ref.ref.slice(ref.ref.lastIndexOf("-") + 1))).filter(Number.isFinite),
      )
      .catch(() => [] as number[]);
    let next = Math.max(0, ...taken) + 1;
    for (let attempt = 0; attempt < 50; attempt++, next++) {
      const id = `${prefix}-${String(next).padStart(3, "0")}`;
      try {
        await this.octokit.rest.git.createRef({
          ...this.where,
          ref: `refs/${ID_REF_NAMESPACE}/${id}`,
          sha: head.object.sha,
        });
        return id;
      } catch (error) {
        if (statusOf(error) !== 422) throw error; // taken by a concurrent declaration: try the next number
      }
    }
    throw new Error(`Could not claim an incident id for ${prefix} after 50 attempts`);
  }
}
