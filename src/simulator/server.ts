// A Terraform provider plugin process: go-plugin handshake, gRPC with mutual TLS, protocol 6.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { X509Certificate } from 'crypto';
import { projectPath } from '../paths';
import { CoderSimulator } from './coder';
import { Outcome } from './kubernetes';
import { KubernetesSimulator } from './kubernetes';
import { validateKubernetesConfig } from './provider-validation';
import { ProviderSchemas, SchemaBlock } from './schema-types';
import { blockType, decodeValue, Dynamic, encodeValue } from './values';

/** go-plugin's magic cookie for Terraform providers. */
export const MAGIC_COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

type Obj = Record<string, unknown>;
type Handler = (request: any) => unknown;

const NESTING = { single: 1, list: 2, set: 3, map: 4, group: 5 } as const;

function schemaMessage(block: SchemaBlock): unknown {
  const toBlock = (b: SchemaBlock): unknown => ({
    version: 0,
    attributes: b.attributes.map((a) => ({
      name: a.name,
      type: Buffer.from(JSON.stringify(a.type)),
      required: !!a.required,
      optional: !!a.optional,
      computed: !!a.computed,
      sensitive: !!a.sensitive,
      description: '',
    })),
    block_types: b.block_types.map((t) => ({
      type_name: t.type_name,
      block: toBlock(t.block),
      nesting: NESTING[t.nesting],
      min_items: t.min_items ?? 0,
      max_items: t.max_items ?? 0,
    })),
  });
  return { version: 0, block: toBlock(block) };
}

/** JSON state (as Terraform stores it) to values: dynamic attributes are `{value, type}` there. */
function fromStateJson(v: unknown, type: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'dynamic') {
    const d = v as { value: unknown; type: unknown };
    return new Dynamic(d.type, fromStateJson(d.value, d.type));
  }
  if (typeof type === 'string') return v;
  const [kind, arg] = type as [string, unknown];
  if (kind === 'list' || kind === 'set') return (v as unknown[]).map((x) => fromStateJson(x, arg));
  if (kind === 'tuple') return (v as unknown[]).map((x, i) => fromStateJson(x, (arg as unknown[])[i]));
  if (kind === 'map') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, fromStateJson(x, arg)]));
  const attrs = arg as Record<string, unknown>;
  return Object.fromEntries(Object.keys(attrs).map((k) => [k, fromStateJson((v as Obj)[k], attrs[k])]));
}

const diagnostics = (errors: readonly string[] | undefined) => (errors ?? []).map((summary) => ({ severity: 1, summary, detail: '' }));
const pathMessage = (p: (string | number)[]) => ({ steps: p.map((s) => (typeof s === 'number' ? { element_key_int: s } : { attribute_name: s })) });

/** The encoded GetProviderSchema responses of each schema set, by the types served: built once, sent as bytes every time. */
const schemaResponses = new WeakMap<ProviderSchemas, Map<string, Buffer>>();

function schemaResponse(all: ProviderSchemas, served: ProviderSchemas = all): Buffer {
  let byTypes = schemaResponses.get(all);
  if (byTypes === undefined) schemaResponses.set(all, (byTypes = new Map()));
  const key = served === all ? '*' : [...Object.keys(served.resources), '|', ...Object.keys(served.dataSources)].join(' ');
  let bytes = byTypes.get(key);
  if (bytes === undefined) {
    const message = {
      provider: schemaMessage(served.provider),
      resource_schemas: Object.fromEntries(Object.entries(served.resources).map(([k, b]) => [k, schemaMessage(b)])),
      data_source_schemas: Object.fromEntries(Object.entries(served.dataSources).map(([k, b]) => [k, schemaMessage(b)])),
      diagnostics: [],
      // As the real providers (terraform-plugin-mux, -framework, -sdk) announce: terraform asks once per command, not once per provider instance.
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false },
    };
    bytes = SCHEMA_SERIALIZE(message);
    byTypes.set(key, bytes);
  }
  return bytes;
}

/**
 * The Provider service of one simulated provider. `served`, when given, picks the part of the schema
 * a command needs (see served-types.ts); every type stays available to the other calls.
 */
export function providerService(schemas: ProviderSchemas, sim: KubernetesSimulator | CoderSimulator, served?: () => ProviderSchemas): Record<string, Handler> {
  const typeOf = (name: string, data = false) => blockType((data ? schemas.dataSources : schemas.resources)[name]);
  const value = (dv: { msgpack?: Uint8Array } | null | undefined, type: unknown) => (dv?.msgpack ? decodeValue(dv.msgpack, type) : null) as Obj | null;
  const out = (v: Obj | null, type: unknown) => ({ msgpack: encodeValue(v, type) });
  // What the provider itself refuses in a configuration (its ValidateFuncs); coder/coder's are not simulated.
  const providerChecks = (r: { type_name: string; config?: { msgpack?: Uint8Array } }, data = false) =>
    sim instanceof KubernetesSimulator ? validateKubernetesConfig(r.type_name, value(r.config, typeOf(r.type_name, data)), data) : [];
  return {
    GetProviderSchema: () => schemaResponse(schemas, served?.()),
    ValidateProviderConfig: () => ({ diagnostics: [] }),
    ValidateResourceConfig: (r) => ({ diagnostics: providerChecks(r) }),
    ValidateDataResourceConfig: (r) => ({ diagnostics: providerChecks(r, true) }),
    ConfigureProvider: () => ({ diagnostics: [] }),
    StopProvider: () => ({ Error: '' }),
    UpgradeResourceState: (r) => {
      const type = typeOf(r.type_name);
      const json = r.raw_state?.json?.length ? JSON.parse(Buffer.from(r.raw_state.json).toString('utf8')) : null;
      return { upgraded_state: out(fromStateJson(json, type) as Obj | null, type), diagnostics: [] };
    },
    ReadResource: (r) => {
      const type = typeOf(r.type_name);
      const result: Outcome = sim.read(r.type_name, value(r.current_state, type));
      return { new_state: out(result.value, type), diagnostics: diagnostics(result.errors), private: r.private };
    },
    PlanResourceChange: (r) => {
      const type = typeOf(r.type_name);
      const result = sim.plan(r.type_name, value(r.prior_state, type), value(r.proposed_new_state, type));
      return {
        planned_state: out(result.value, type),
        requires_replace: (result.requiresReplace ?? []).map(pathMessage),
        planned_private: r.prior_private,
        diagnostics: diagnostics(result.errors),
      };
    },
    ApplyResourceChange: (r) => {
      const type = typeOf(r.type_name);
      const result = sim.apply(r.type_name, value(r.prior_state, type), value(r.planned_state, type));
      return { new_state: out(result.value, type), private: r.planned_private, diagnostics: diagnostics(result.errors) };
    },
    ReadDataSource: (r) => {
      const type = typeOf(r.type_name, true);
      if (!(sim instanceof CoderSimulator)) return { diagnostics: diagnostics([`data source ${r.type_name} is not simulated`]) };
      const result = sim.readData(r.type_name, value(r.config, type) ?? {});
      return { state: out(result.value, type), diagnostics: diagnostics(result.errors) };
    },
  };
}

export function wrap(handlers: Record<string, Handler>): grpc.UntypedServiceImplementation {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, fn]) => [
      name,
      (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        try {
          callback(null, fn(call.request));
        } catch (err) {
          callback(null, { diagnostics: diagnostics([`simulator: ${(err as Error).stack ?? err}`]) });
        }
      },
    ]),
  );
}

const LOADER = { keepCase: true, longs: Number, enums: Number, defaults: true, oneofs: true };

let services: { provider: grpc.ServiceDefinition; health: grpc.ServiceDefinition; controller: grpc.ServiceDefinition } | undefined;
let SCHEMA_SERIALIZE: (value: unknown) => Buffer;

/**
 * The gRPC services of the plugin protocol, loaded once per process. GetProviderSchema answers with
 * bytes encoded once (its response is ~1 MB; Terraform asks for it several times per command).
 */
export function protocolServices(): { provider: grpc.ServiceDefinition; health: grpc.ServiceDefinition; controller: grpc.ServiceDefinition } {
  if (services === undefined) {
    const load = (file: string) => grpc.loadPackageDefinition(protoLoader.loadSync(projectPath(`src/simulator/${file}`), LOADER)) as any;
    const tf = load('tfplugin6.proto').tfplugin6;
    const methods = { ...tf.Provider.service } as Record<string, grpc.MethodDefinition<unknown, unknown>>;
    SCHEMA_SERIALIZE = methods.GetProviderSchema.responseSerialize as (value: unknown) => Buffer;
    methods.GetProviderSchema = { ...methods.GetProviderSchema, responseSerialize: (v: unknown) => (Buffer.isBuffer(v) ? v : SCHEMA_SERIALIZE(v)) };
    services = {
      provider: methods as grpc.ServiceDefinition,
      health: load('plugin-services.proto').grpc.health.v1.Health.service,
      controller: load('plugin-controller.proto').plugin.GRPCController.service,
    };
  }
  return services;
}

/** What a plugin process hands {@link servePlugin}: the client certificate Terraform sent, and how to stop. */
export interface PluginOptions {
  /** PEM of Terraform's client certificate (go-plugin's PLUGIN_CLIENT_CERT): the only client accepted. */
  readonly clientCert: string;
  /** The environment the coder provider reads its build context from. */
  readonly env: NodeJS.ProcessEnv;
  /** Called once the server has stopped after Terraform's Shutdown (the plugin process exits). */
  readonly onShutdown: () => void;
}

/**
 * Serves one provider (`kubernetes` or `coder`) with mutual TLS, as a plugin executable Terraform
 * starts itself, until Terraform asks it to stop; resolves to go-plugin's handshake line, which the
 * plugin prints. The harness normally serves the providers in-process instead ({@link ProviderHost});
 * this path is what a dev_overrides setup runs (src/simulator/plugin.ts).
 */
export async function servePlugin(
  kind: 'kubernetes' | 'coder',
  schemas: ProviderSchemas,
  workDir: string,
  tls: { cert: string; key: string },
  options: PluginOptions,
): Promise<string> {
  const sim = kind === 'kubernetes' ? new KubernetesSimulator(schemas, workDir) : new CoderSimulator(schemas, options.env);
  const { provider, health, controller } = protocolServices();
  const server = new grpc.Server();
  server.addService(provider, wrap(providerService(schemas, sim)));
  server.addService(health, wrap({ Check: () => ({ status: 1 }) }));
  server.addService(controller, {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
      callback(null, {});
      setTimeout(() => server.tryShutdown(() => options.onShutdown()), 10);
    },
  });
  const credentials = grpc.ServerCredentials.createSsl(
    Buffer.from(options.clientCert, 'utf8'),
    [{ cert_chain: Buffer.from(tls.cert), private_key: Buffer.from(tls.key) }],
    true,
  );
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', credentials, (err, p) => (err ? reject(err) : resolve(p))));
  const der = new X509Certificate(tls.cert).raw.toString('base64').replace(/=+$/, '');
  return `1|6|tcp|127.0.0.1:${port}|grpc|${der}`;
}
