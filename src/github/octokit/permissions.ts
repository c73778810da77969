import { PERMISSION_LEVELS, type PermissionLevel } from "../../domain/vocabulary.js";
import type { PermissionsPort } from "../port.js";
import { OctokitRepo } from "./base.js";
import { statusOf } from "./errors.js";

export class OctokitPermissions extends OctokitRepo implements PermissionsPort {
  async getPermission(login: string): Promise<PermissionLevel> {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({ ...this.where, username: login });
      // `permission` folds maintain into write and triage into read; `role_name` is precise.
      const precise = (data as { role_name?: string }).role_name;
      if (precise && (PERMISSION_LEVELS as readonly string[]).includes(precise)) return precise as PermissionLevel;
      return (PERMISSION_LEVELS as readonly string[]).includes(data.permission)
        ? (data.permission as PermissionLevel)
        : "none";
    } catch (error) {
      if (statusOf(error) === 404) return "none";
      throw error;
    }
  }
}
