/**
 * Releases, deployments and deployment statuses. The app subscribes to none of their webhooks, so these make no
 * deliveries; what the app learns of them it reads (`GET /releases`, `/deployments`, `/deployments/{id}/statuses`).
 */
import { validationFailed } from "./errors.js";
import type { Actor } from "./mutations.js";
import type { DeploymentRecord, DeploymentStatusRecord, ReleaseRecord, RepoRecord, World } from "./state.js";

export class ChangeMutations {
  constructor(private readonly world: World) {}

  /** Publishes a release of `target` (a branch or sha; the default branch's head when not given) under a new tag. */
  publishRelease(
    repo: RepoRecord,
    actor: Actor,
    input: { tag: string; name?: string; target?: string },
  ): ReleaseRecord {
    const target = input.target ?? repo.defaultBranch;
    const sha = repo.refs.get(`refs/heads/${target}`) ?? (repo.commits.has(target) ? target : undefined);
    if (!sha) throw validationFailed([{ resource: "Release", code: "invalid", field: "target_commitish" }]);
    repo.refs.set(`refs/tags/${input.tag}`, sha);
    const now = this.world.clock.iso();
    const release: ReleaseRecord = {
      id: this.world.ids.release.next(),
      tag: input.tag,
      name: input.name ?? input.tag,
      target,
      author: actor.login,
      createdAt: now,
      publishedAt: now,
    };
    repo.releases.set(release.id, release);
    return release;
  }

  /** A deployment of a branch, tag or sha to an environment (GitHub answers 422 for a ref it cannot resolve). */
  deploy(
    repo: RepoRecord,
    actor: Actor,
    input: { ref: string; environment: string; description: string | null },
  ): DeploymentRecord {
    const sha =
      repo.refs.get(`refs/heads/${input.ref}`) ??
      repo.refs.get(`refs/tags/${input.ref}`) ??
      (repo.commits.has(input.ref) ? input.ref : undefined);
    if (!sha) throw validationFailed([{ resource: "Deployment", code: "invalid", field: "ref" }]);
    const deployment: DeploymentRecord = {
      id: this.world.ids.deployment.next(),
      sha,
      ref: input.ref,
      environment: input.environment,
      description: input.description,
      creator: actor.login,
      createdAt: this.world.clock.iso(),
      statuses: [],
    };
    repo.deployments.set(deployment.id, deployment);
    return deployment;
  }

  setStatus(
    repoName: string,
    deployment: DeploymentRecord,
    actor: Actor,
    input: { state: DeploymentStatusRecord["state"]; logUrl?: string; description?: string },
  ): DeploymentStatusRecord {
    const status: DeploymentStatusRecord = {
      id: this.world.ids.deploymentStatus.next(),
      state: input.state,
      creator: actor.login,
      description: input.description ?? "",
      // GitHub's schema wants a URL here: without one given, the deployment's page stands in.
      logUrl: input.logUrl ?? `${this.world.htmlUrl}/${repoName}/deployments`,
      createdAt: this.world.clock.iso(),
    };
    deployment.statuses.push(status);
    return status;
  }
}
