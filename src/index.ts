// cvmkit's stable programmatic API (`import … from 'cvmkit'`): a repository's templates, rendered and checked.
export type { Backend, PlatformRequirements, TemplateDefinition } from './definition';
export { selectDefinitions } from './definition';
export { readTemplateFolder } from './folder';
export { simulateLifecycle, upgradeCheck, validateTemplate } from './pipeline';
export { loadProject, readmePath, setTemplateRoot } from './project';
export type { Project } from './project';
export {
  checkSettings,
  loadSettings,
  mirrored,
  namespaceFor,
  SETTINGS_SCHEMA,
  settingsJsonSchema,
  templateProps,
  upgradedSettings,
  workspaceProps,
} from './settings';
export type { NodePool, OrganisationSettings } from './settings';
export { renderTemplate, synthTemplates } from './synth';
export type { OutputFormat, ParameterRow, RenderedTemplate } from './synth';
export type { CheckRow, LifecycleStep } from './simulator/lifecycle';
export type { UpgradeFinding, UpgradeReport } from './simulator/upgrade';
export type { BuildRow } from './simulator/workspace';
