// The JSON Schema of the organisation settings (cvmkit.config.*): what checkSettings validates and the build publishes.
import { DISTRO_KEYS } from '../constructs/kubevirt/distros';
import { idiomSchema } from './settings-idiom';

const LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/**
 * Every settings string reaches main.tf (or main.tf.json) as a literal, where Terraform would
 * evaluate `${…}` and `%{…}`: a mirror of `https://m.example/${file("/etc/hostname")}/` would make
 * the provisioner read its own files. They are refused, as are line breaks (all settings are
 * single-line names and URLs). `checkSettings` words the error; see `literalProblem`.
 */
const NOT_LITERAL = '[$%]\\{|[\\r\\n]';
const literal = (rest: Record<string, unknown> = {}) => ({ type: 'string', ...rest, not: { pattern: NOT_LITERAL } });
const toleration = {
  type: 'object',
  additionalProperties: false,
  properties: {
    key: literal(),
    operator: { enum: ['Equal', 'Exists'] },
    value: literal(),
    effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
    tolerationSeconds: { type: 'integer', minimum: 0 },
  },
};
const nodePool = {
  type: 'object',
  additionalProperties: false,
  properties: {
    nodeSelector: { type: 'object', propertyNames: literal(), additionalProperties: literal() },
    tolerations: { type: 'array', items: toleration },
  },
};

/** JSON Schema of the settings file (descriptions are what editors show on hover). */
export const SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'The JSON Schema of this file, for editors.' },
    namespace: literal({ pattern: LABEL, maxLength: 52, description: 'Base of the workspace namespaces: <namespace>-baseline, -restricted and -privileged.' }),
    storageClass: literal({
      pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$',
      maxLength: 253,
      description: 'StorageClass of every workspace volume and root disk.',
    }),
    imageMirrors: {
      type: 'object',
      description: 'URL prefixes of the KubeVirt cloud images to rewrite, old prefix to new.',
      propertyNames: literal({ pattern: '^https?://' }),
      additionalProperties: literal({ pattern: '^https?://' }),
    },
    distros: {
      type: 'array',
      description: 'Distributions KubeVirt templates offer, in order.',
      minItems: 1,
      uniqueItems: true,
      items: { enum: [...DISTRO_KEYS] },
    },
    imageSource: {
      enum: ['golden', 'http'],
      description:
        "Where new KubeVirt root disks come from: golden (default) clones the golden-images platform stack's DataSources, http imports the cloud image per workspace.",
    },
    vmDevices: {
      type: 'object',
      description:
        "Devices KubeVirt VMs may get: permitted lists the resource names of KubeVirt's permittedHostDevices; gpus and hostDevices are given to every VM of the catalog template.",
      additionalProperties: false,
      required: ['permitted'],
      properties: {
        permitted: { type: 'array', minItems: 1, uniqueItems: true, items: literal({ pattern: '^[a-z0-9.-]+/[A-Za-z0-9._-]+$' }) },
        ...Object.fromEntries(
          ['gpus', 'hostDevices'].map((k) => [
            k,
            {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'deviceName'],
                properties: { name: literal({ pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$' }), deviceName: literal() },
              },
            },
          ]),
        ),
      },
    },
    nestedVirtualization: { type: 'boolean', description: 'Expose the host CPU (host-passthrough) to KubeVirt guests so they can run their own VMs.' },
    vmConsole: {
      enum: ['none', 'vnc'],
      description: 'A graphical console in KubeVirt VMs: vnc adds an in-guest Xfce desktop and a "Desktop (VNC)" app; none (default) leaves it out.',
    },
    sharedDisks: {
      type: 'array',
      description:
        'Team shares: a ReadWriteMany claim cvmkit-share-<name> per workspace namespace (the shared-disks platform stack), mounted with virtiofs by the KubeVirt VMs at mountPath (default /shared/<name>).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'size'],
        properties: {
          name: literal({ pattern: '^[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?$' }),
          size: literal({ pattern: '^[1-9][0-9]*Gi$' }),
          storageClass: literal({ pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 }),
          accessMode: { enum: ['ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteOncePod'] },
          mountPath: literal({ pattern: '^/[^\\s:\'"\\\\]*$' }),
          readOnly: { type: 'boolean' },
        },
      },
    },
    instancetypes: {
      type: 'object',
      description:
        'VM sizes KubeVirt templates offer as cluster instance types, by name (e.g. "cx1.medium": {cpu: 2, memory: 8Gi}); the user picks a size instead of cpu and memory.',
      minProperties: 1,
      propertyNames: literal({ pattern: '^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$' }),
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['cpu', 'memory'],
        properties: { cpu: { type: 'integer', minimum: 1 }, memory: literal({ pattern: '^[0-9]+Gi$' }) },
      },
    },
    goldenImageNamespace: literal({
      pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$',
      description: 'Namespace of the golden images (default cvmkit-golden-images).',
    }),
    windowsImage: {
      type: 'object',
      additionalProperties: false,
      description: 'The Windows golden image (a CDI DataSource the platform team provides): namespace, name, diskSize.',
      properties: {
        namespace: literal({ pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$' }),
        name: literal({ pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 }),
        diskSize: literal({ pattern: '^[0-9]+Gi$' }),
      },
    },
    nodePools: {
      type: 'object',
      description: 'Node placement (nodeSelector, tolerations) per backend.',
      additionalProperties: false,
      properties: Object.fromEntries(['kubevirt', 'sysbox', 'envbox', 'gvisor', 'kata'].map((b) => [b, nodePool])),
    },
    registryNamespace: literal({ pattern: LABEL, description: 'Default namespace of `cvmkit publish`.' }),
    requests: {
      type: 'object',
      description: 'What container workspaces reserve on a node; limits come from the parameters.',
      additionalProperties: false,
      properties: { cpu: literal({ pattern: '^([0-9]+m|[0-9]+(\\.[0-9]+)?)$' }), memory: literal({ pattern: '^[0-9]+(Ki|Mi|Gi|Ti)$' }) },
    },
    platform: {
      type: 'object',
      description: 'What the platform stacks manage.',
      additionalProperties: false,
      properties: { manageRuntimeClasses: { type: 'boolean' } },
    },
    templates: {
      type: 'array',
      description: "This repository's templates: compiled JavaScript modules or patterns with * (e.g. lib/templates/*/index.js), relative to this file.",
      minItems: 1,
      items: { type: 'string', minLength: 1 },
    },
    catalog: { enum: ['builtin', 'none'], description: "builtin (the default) offers cvmkit's own catalog besides templates; none offers only templates." },
    sysbox: { type: 'object', additionalProperties: false, properties: { userNamespaces: { enum: ['annotation', 'hostUsers'] } } },
    ...idiomSchema(literal),
  },
} as const;

/** The settings schema as a standalone JSON Schema document (`cvmkit.config.schema.json`). */
export function settingsJsonSchema(): Record<string, unknown> {
  return { $schema: 'http://json-schema.org/draft-07/schema#', title: 'cvmkit settings (cvmkit.config.yaml, .yml or .json)', ...SETTINGS_SCHEMA };
}

/** Name of the schema file in cvmkit's package. */
export const SETTINGS_SCHEMA_FILE = 'cvmkit.config.schema.json';
