// cvmkit.config.schema.json: written by the build from SETTINGS_SCHEMA, and what editors validate settings files with.
import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { settingsSchemaText } from '../scripts/gen-settings-schema';
import { repositoryFiles } from '../src/scaffold-repository';
import { checkSettings, SETTINGS_SCHEMA_FILE } from '../src/settings';

const FILE = path.join(__dirname, '..', SETTINGS_SCHEMA_FILE);
const schema = () => JSON.parse(fs.readFileSync(FILE, 'utf8'));

test('the file is what SETTINGS_SCHEMA gives (npm run build writes it) and a valid draft-07 schema', () => {
  expect(fs.existsSync(FILE)).toBe(true);
  expect(fs.readFileSync(FILE, 'utf8')).toBe(settingsSchemaText());
  const ajv = new Ajv({ strict: true, allowUnionTypes: true });
  expect(ajv.validateSchema(schema())).toBe(true);
  expect(schema().$schema).toBe('http://json-schema.org/draft-07/schema#');
  // Editors show these on hover.
  expect(schema().properties.templates.description).toMatch(/compiled JavaScript/);
});

test("the settings a new repository gets pass it, name it in $schema, and pass cvmkit's own check", () => {
  const text = repositoryFiles('acme', 'team-vm', 'kubevirt').get('cvmkit.config.yaml')!;
  expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=./node_modules/cvmkit/${SETTINGS_SCHEMA_FILE}`);
  const settings = parseYaml(text);
  expect(settings).toEqual({ $schema: `./node_modules/cvmkit/${SETTINGS_SCHEMA_FILE}`, templates: ['lib/templates/*/index.js'], catalog: 'none' });
  const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(schema());
  expect(validate(settings)).toBe(true);
  expect(checkSettings(settings, 'cvmkit.config.yaml')).toEqual(settings);
});

test('fails on what cvmkit refuses: unknown keys, another catalog, an empty templates list', () => {
  const validate = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(schema());
  expect(validate({ colour: 'blue' })).toBe(false);
  expect(validate.errors![0].keyword).toBe('additionalProperties');
  expect(validate({ catalog: 'extra' })).toBe(false);
  expect(validate({ templates: [] })).toBe(false);
  expect(() => checkSettings({ catalog: 'extra' }, 'org.yaml')).toThrow('org.yaml: catalog: must be one of builtin, none');
  expect(() => checkSettings({ templates: [] }, 'org.yaml')).toThrow('org.yaml: templates: must NOT have fewer than 1 items');
});
