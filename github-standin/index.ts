/** The in-memory GitHub used by Firebreak's tests and demo. See standin.ts for the public API. */
export {
  GitHubStandIn,
  RepoHandle,
  UserActions,
  type AddRepoOptions,
  type RepoRef,
  type StandInOptions,
} from "./standin.js";
export { Clock, toGitHubTimestamp } from "./clock.js";
export { FaultInjector } from "./faults.js";
export {
  loadSpec,
  matchRoute,
  validateRequest,
  validateResponse,
  type Operation,
  type RouteMatch,
  type ValidationProblem,
} from "./openapi-validator.js";
export * from "./types.js";
