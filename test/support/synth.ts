// Synthesizes stacks for assertions: the JSON form that cdktf's jest matchers read.
import { Testing } from 'cdktf';
import { CoderTemplate } from '../../constructs/core/coder-template';

/** Synthesized Terraform JSON of a stack, with validations run. */
export interface TerraformJson {
  terraform: { required_providers: Record<string, { source: string; version: string }>; backend?: unknown };
  resource: Record<string, Record<string, any>>;
  data: Record<string, Record<string, any>>;
  variable: Record<string, any>;
  locals: Record<string, any>;
  provider: Record<string, any[]>;
}

/** Builds a template with `build` in a fresh test app and returns its synthesized JSON string and object. */
export function synthTemplate(build: (template: CoderTemplate) => void, id = 'test'): { text: string; json: TerraformJson; stack: CoderTemplate } {
  const app = Testing.app({ stackTraces: false });
  const stack = new CoderTemplate(app, id);
  build(stack);
  const text = Testing.synth(stack, true);
  return { text, json: JSON.parse(text) as TerraformJson, stack };
}

/** The one resource of `type` in `json`, failing when there is not exactly one. */
export function only(json: TerraformJson, type: string): any {
  const all = Object.values(json.resource[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** The pod template (metadata and spec) of the one workspace Deployment in `json`. */
export function podOf(json: TerraformJson): any {
  return only(json, 'kubernetes_deployment_v1').spec.template;
}
