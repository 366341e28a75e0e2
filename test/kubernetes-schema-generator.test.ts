// The schema generator's Go evaluator and its SDKv2 rules, on small Go sources written for these tests.
import { Evaluator, GoMap, GoStruct } from '../scripts/kubernetes-schema/go-eval';
import { parsePackage } from '../scripts/kubernetes-schema/go-package';
import { tokenize } from '../scripts/kubernetes-schema/go-lexer';
import { protocolSchemas } from '../scripts/kubernetes-schema/protocol-schema';
import { SdkConverter } from '../scripts/kubernetes-schema/sdk-schema';
import { validationTable } from '../scripts/gen-kubernetes-schema';

const HEADER = `package kubernetes

import (
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/validation"
	corev1 "k8s.io/api/core/v1"
)
`;

function evaluator(src: string, constants: Record<string, string> = {}): Evaluator {
  const pkg = parsePackage(new Map([['widget.go', HEADER + src]]));
  return new Evaluator(pkg, new Map(Object.entries(constants)), (name) => name.startsWith('validate'));
}

describe('Go lexer', () => {
  test('inserts semicolons at line ends after identifiers, literals and closing brackets only', () => {
    const texts = tokenize('a := f(x,\n  y)\nb := []string{\n"c",\n}\n').map((t) => t.text);
    expect(texts.join(' ')).toBe('a := f ( x , y ) ; b := [ ] string { "c" , } ; ');
  });

  test('decodes interpreted and raw strings and octal numbers', () => {
    const [s, raw, oct] = tokenize('"a\\tb\\"" `c\\d` 0755');
    expect([s.value, raw.value, oct.value]).toEqual(['a\tb"', 'c\\d', 0o755]);
  });
});

describe('Go evaluator', () => {
  test('runs functions with parameters, shared pointers, field and map assignments, if and range', () => {
    const ev = evaluator(`
func fields(updatable bool) map[string]*schema.Schema {
	s := map[string]*schema.Schema{
		"size": {Type: schema.TypeString, Optional: true, ForceNew: !updatable},
		"mode": {Type: schema.TypeString, Optional: true},
	}
	if !updatable {
		s["mode"].Computed = true
	}
	for _, v := range s {
		v.Description = "changed"
	}
	s["extra"] = &schema.Schema{Type: schema.TypeInt, Required: true}
	return s
}
`);
    const m = ev.call('fields', [false]) as GoMap;
    expect([...m.entries.keys()]).toEqual(['size', 'mode', 'extra']);
    const mode = m.entries.get('mode') as GoStruct;
    expect(mode.fields.get('Computed')).toBe(true);
    expect(mode.fields.get('Description')).toBe('changed');
    expect((m.entries.get('size') as GoStruct).fields.get('ForceNew')).toBe(true);
    expect(((ev.call('fields', [true]) as GoMap).entries.get('mode') as GoStruct).fields.has('Computed')).toBe(false);
  });

  test('keeps validators as data and resolves k8s.io/api constants from the table', () => {
    const ev = evaluator(
      `func s() *schema.Schema {
	return &schema.Schema{Type: schema.TypeString, Optional: true, ValidateFunc: validation.StringInSlice([]string{string(corev1.RestartPolicyAlways), "Never"}, false)}
}`,
      { 'k8s.io/api/core/v1.RestartPolicyAlways': 'Always' },
    );
    const s = ev.call('s') as GoStruct;
    expect(s.fields.get('ValidateFunc')).toEqual({
      name: 'github.com/hashicorp/terraform-plugin-sdk/v2/helper/validation.StringInSlice',
      args: [['Always', 'Never'], false],
    });
  });

  test('a statement it cannot run fails that function only, not its neighbours', () => {
    const ev = evaluator(`
func broken() *schema.Resource {
	switch x {
	}
	return nil
}
func whole() map[string]*schema.Resource {
	return map[string]*schema.Resource{"a": broken(), "b": &schema.Resource{}}
}`);
    const m = ev.call('whole') as GoMap;
    expect(m.entries.get('a')).toEqual({ error: expect.stringContaining('switch is not supported') });
    expect(m.entries.get('b')).toBeInstanceOf(GoStruct);
  });
});

describe('SDKv2 schema rules (helper/schema/core_schema.go)', () => {
  const ev = evaluator(`
func validateName(value interface{}, key string) (ws []string, es []error) {
	return
}

func widget() *schema.Resource {
	return &schema.Resource{
		SchemaVersion: 2,
		Timeouts: &schema.ResourceTimeout{Create: schema.DefaultTimeout(5)},
		Schema: map[string]*schema.Schema{
			"metadata": {Type: schema.TypeList, Required: true, MaxItems: 1, Elem: &schema.Resource{Schema: map[string]*schema.Schema{
				"name": {Type: schema.TypeString, Optional: true, Computed: true, ValidateFunc: validateName},
			}}},
			"rule": {Type: schema.TypeSet, Optional: true, MinItems: 1, Elem: &schema.Resource{Schema: map[string]*schema.Schema{
				"port": {Type: schema.TypeInt, Required: true},
			}}},
			"status": {Type: schema.TypeList, Computed: true, Elem: &schema.Resource{Schema: map[string]*schema.Schema{
				"phase": {Type: schema.TypeString, Computed: true},
			}}},
			"token": {Type: schema.TypeString, Computed: true, Sensitive: true},
			"hosts": {Type: schema.TypeList, Optional: true, Elem: &schema.Schema{Type: schema.TypeString, ValidateFunc: validation.IsIPAddress}},
			"labels": {Type: schema.TypeMap, Optional: true},
		},
	}
}`);
  const { schema, facts } = new SdkConverter().resource('kubernetes_widget', ev.call('widget'));

  test('a required MaxItems 1 block is a list block with min 1 and max 1', () => {
    expect(schema.block.block_types!.metadata).toMatchObject({ nesting_mode: 'list', min_items: 1, max_items: 1 });
  });

  test('an optional block drops its MinItems; a set block stays a set', () => {
    const rule = schema.block.block_types!.rule;
    expect(rule.nesting_mode).toBe('set');
    expect(rule.min_items).toBeUndefined();
  });

  test('a computed-only nested resource becomes an attribute of object type', () => {
    expect(schema.block.attributes!.status).toEqual({ type: ['list', ['object', { phase: 'string' }]], description_kind: 'plain', computed: true });
  });

  test('flags carry over as declared: optional+computed only where Computed is set, sensitive, map of strings', () => {
    expect(schema.block.block_types!.metadata.block.attributes!.name).toEqual({ type: 'string', description_kind: 'plain', optional: true, computed: true });
    expect(schema.block.attributes!.token).toMatchObject({ computed: true, sensitive: true });
    expect(schema.block.attributes!.labels).toEqual({ type: ['map', 'string'], description_kind: 'plain', optional: true });
  });

  test('the SDK adds id (optional+computed) and a single timeouts block with the declared timeouts', () => {
    expect(schema.version).toBe(2);
    expect(schema.block.attributes!.id).toEqual({ type: 'string', description_kind: 'plain', optional: true, computed: true });
    expect(schema.block.block_types!.timeouts).toEqual({
      nesting_mode: 'single',
      block: { attributes: { create: { type: 'string', description_kind: 'plain', optional: true } }, description_kind: 'plain' },
    });
  });

  test('validators become facts by attribute path; element validators are marked `each`', () => {
    expect(facts).toEqual(
      expect.arrayContaining([
        { path: 'metadata.name', check: 'validateName' },
        { path: 'hosts', check: 'IsIPAddress', each: true },
      ]),
    );
    const table = validationTable(
      new Map([
        ['kubernetes_widget', facts],
        ['kubernetes_widget_v1', facts],
      ]),
    );
    expect(table).toContainEqual({ types: ['kubernetes_widget', 'kubernetes_widget_v1'], path: 'metadata.name', check: 'validateName' });
  });
});

describe('plugin-go schemas (kubernetes_manifest)', () => {
  test('attributes, tftypes and nested blocks become JSON as declared', () => {
    const pkg = parsePackage(
      new Map([
        [
          'provider.go',
          `package provider

import (
	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func GetProviderResourceSchema() map[string]*tfprotov5.Schema {
	return map[string]*tfprotov5.Schema{
		"kubernetes_thing": {
			Version: 1,
			Block: &tfprotov5.SchemaBlock{
				BlockTypes: []*tfprotov5.SchemaNestedBlock{
					{TypeName: "wait", Nesting: tfprotov5.SchemaNestedBlockNestingModeList, MaxItems: 1, Block: &tfprotov5.SchemaBlock{
						Attributes: []*tfprotov5.SchemaAttribute{{Name: "fields", Type: tftypes.Map{ElementType: tftypes.String}, Optional: true}},
					}},
				},
				Attributes: []*tfprotov5.SchemaAttribute{
					{Name: "manifest", Type: tftypes.DynamicPseudoType, Required: true},
					{Name: "hint", Type: tftypes.Object{AttributeTypes: map[string]tftypes.Type{"n": tftypes.Number}}, Optional: true, Deprecated: true},
				},
			},
		},
	}
}
`,
        ],
      ]),
    );
    const schemas = protocolSchemas(new Evaluator(pkg, new Map(), () => false).call('GetProviderResourceSchema'));
    expect(schemas.kubernetes_thing).toEqual({
      version: 1,
      block: {
        description_kind: 'plain',
        attributes: {
          manifest: { type: 'dynamic', description_kind: 'plain', required: true },
          hint: { type: ['object', { n: 'number' }], description_kind: 'plain', optional: true, deprecated: true },
        },
        block_types: {
          wait: {
            nesting_mode: 'list',
            max_items: 1,
            block: { description_kind: 'plain', attributes: { fields: { type: ['map', 'string'], description_kind: 'plain', optional: true } } },
          },
        },
      },
    });
  });
});
