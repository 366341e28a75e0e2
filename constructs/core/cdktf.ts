// The one place that imports the CDK runtime, so a move to the CDK Terrain fork (`cdktn`) is one edit.
export {
  App,
  Aspects,
  DataResource,
  Fn,
  IAspect,
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
export { Construct, IConstruct, IValidation } from 'constructs';
