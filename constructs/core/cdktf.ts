// The one place that imports the CDK runtime, so a move to the CDK Terrain fork (`cdktn`) is one edit.
export {
  App,
  Aspects,
  DataResource,
  Fn,
  type IAspect,
  Lazy,
  Op,
  TerraformElement,
  TerraformHclModule,
  TerraformLocal,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
  Token,
  Testing,
  ref,
} from 'cdktf';
export { Construct, type IConstruct, type IValidation } from 'constructs';
