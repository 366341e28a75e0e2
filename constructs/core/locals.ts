// Named Terraform locals: a value computed once and referenced by name, keeping main.tf readable.
import { Construct, TerraformLocal } from './cdktf';

/** Declares `local.<id>` (the id is the Terraform name) and returns a reference to it. */
export function namedLocal(scope: Construct, id: string, value: unknown): string {
  const local = new TerraformLocal(scope, id, value);
  local.overrideLogicalId(id);
  return local.asString;
}
