/** All implemented operations. Add a resource by writing `routes/<resource>.ts` and listing it here. */
import { appRoutes } from "./app.js";
import { changeRoutes } from "./changes.js";
import { checkRoutes } from "./checks.js";
import { commentRoutes } from "./comments.js";
import type { RouteTable } from "./context.js";
import { gitDataRoutes, gitRoutes } from "./git.js";
import { issueRoutes } from "./issues.js";
import { labelRoutes } from "./labels.js";
import { pullRoutes } from "./pulls.js";
import { repoRoutes } from "./repos.js";

export const routes: RouteTable = {
  ...appRoutes,
  ...repoRoutes,
  ...gitRoutes,
  ...gitDataRoutes,
  ...issueRoutes,
  ...commentRoutes,
  ...labelRoutes,
  ...pullRoutes,
  ...checkRoutes,
  ...changeRoutes,
};
