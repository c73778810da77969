import { IssueLocks, type KeyedLock } from "../../handlers/issue-locks.js";
import type { RefsPort } from "../port.js";
import { type Octokit, OctokitRepo } from "./base.js";
import { statusOf } from "./errors.js";

const ID_REF_NAMESPACE = "firebreak/incidents";
const CLAIM_NAMESPACE = "firebreak/claims";

/**
 * What one app process knows about id claims: claims are serialised per repository (so simultaneous declarations
 * never race each other for the same number inside the process), and each starts after the highest number this
 * process has seen claimed or listed for that day. N declarations at once cost N `createRef` writes and one
 * listing; another process's claims show up as 422s, which move the claim on. Given a lock shared by replicas
 * (`RedisLocks`), claims are serialised across them too.
 */
export class IncidentIdClaims {
  constructor(private readonly queue: KeyedLock = new IssueLocks()) {}

  /** Per repository: the day prefix last claimed under, and the highest number seen for it. */
  private readonly highest = new Map<string, { prefix: string; number: number }>();

  serialise<T>(repository: string, claim: () => Promise<T>): Promise<T> {
    return this.queue.run(`id-claims:${repository}`, claim);
  }

  highestSeen(repository: string, prefix: string): number | undefined {
    const seen = this.highest.get(repository);
    return seen?.prefix === prefix ? seen.number : undefined;
  }

  /** Remembers a number as taken (only the current day's prefix is kept per repository). */
  saw(repository: string, prefix: string, number: number): void {
    this.highest.set(repository, { prefix, number: Math.max(number, this.highestSeen(repository, prefix) ?? 0) });
  }
}

/** The claims of this process when no app runtime hands one in (one per app keeps two apps in a test apart). */
const processClaims = new IncidentIdClaims();

/** GitHub's answer when a ref exists: the number is taken. Other 422s (a missing commit, a bad name) are not. */
const ALREADY_EXISTS = /already exists/i;

export class OctokitRefs extends OctokitRepo implements RefsPort {
  constructor(
    octokit: Octokit,
    owner: string,
    repo: string,
    private readonly claims: IncidentIdClaims = processClaims,
  ) {
    super(octokit, owner, repo);
  }

  /** The default branch's head, read once per run: claim refs point at it. */
  private head: Promise<string> | undefined;

  /**
   * Creates `refs/firebreak/incidents/<prefix>-NNN` for the next number: GitHub creates a ref only once, so the
   * number is ours. A 422 means another process took it: the listing says how far the others got, and the claim
   * goes on from there for as long as GitHub answers (any other error ends it).
   */
  async claimIncidentId(prefix: string, defaultBranch: string): Promise<string> {
    const head = this.octokit.rest.git.getRef({ ...this.where, ref: `heads/${defaultBranch}` });
    head.catch(() => undefined); // awaited once this claim's turn comes
    const repository = `${this.owner}/${this.repo}`.toLowerCase();
    return this.claims.serialise(repository, async () => {
      const { sha } = (await head).data.object;
      let next = (this.claims.highestSeen(repository, prefix) ?? (await this.listHighest(repository, prefix))) + 1;
      for (;;) {
        const id = `${prefix}-${String(next).padStart(3, "0")}`;
        try {
          await this.octokit.rest.git.createRef({ ...this.where, ref: `refs/${ID_REF_NAMESPACE}/${id}`, sha });
          this.claims.saw(repository, prefix, next);
          return id;
        } catch (error) {
          if (statusOf(error) !== 422) throw error;
          const listed = await this.listHighest(repository, prefix);
          if (listed < next && !ALREADY_EXISTS.test(messageOf(error))) throw error; // not a taken number
          next = Math.max(next, listed) + 1;
        }
      }
    });
  }

  /**
   * Claims `refs/firebreak/claims/<name>`: true when this call created it (the caller may write what it stands
   * for), false when it existed (someone else did). After a 5xx the ref is read back: there if it landed.
   */
  async claimOnce(name: string, defaultBranch: string): Promise<boolean> {
    this.head ??= this.octokit.rest.git
      .getRef({ ...this.where, ref: `heads/${defaultBranch}` })
      .then(({ data }) => data.object.sha);
    const ref = `${CLAIM_NAMESPACE}/${name}`;
    try {
      await this.octokit.rest.git.createRef({
        ...this.where,
        ref: `refs/${ref}`,
        sha: await this.head,
        request: { retries: 0 },
      });
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 422 && ALREADY_EXISTS.test(messageOf(error))) return false;
      if (status !== undefined && status < 500) throw error;
      return this.octokit.rest.git.getRef({ ...this.where, ref }).then(
        () => true,
        (missing: unknown) => {
          if (statusOf(missing) === 404) return this.claimOnce(name, defaultBranch);
          throw missing;
        },
      );
    }
  }

  /** The highest number taken for the prefix, as GitHub lists the refs (0 when none). */
  private async listHighest(repository: string, prefix: string): Promise<number> {
    const { data } = await this.octokit.rest.git.listMatchingRefs({
      ...this.where,
      ref: `${ID_REF_NAMESPACE}/${prefix}-`,
    });
    const ours = `refs/${ID_REF_NAMESPACE}/${prefix}-`;
    const numbers = data
      .filter((ref) => ref.ref.startsWith(ours) && /^\d+$/.test(ref.ref.slice(ours.length)))
      .map((ref) => Number(ref.ref.slice(ours.length)));
    const highest = Math.max(0, ...numbers);
    this.claims.saw(repository, prefix, highest);
    return highest;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
