// Serves the simulated providers from this process: one gRPC server per provider and run, which the
// installed terraform reaches through TF_REATTACH_PROVIDERS instead of starting a plugin per command.
import * as grpc from '@grpc/grpc-js';
import { CoderSimulator } from './coder';
import { KubernetesSimulator } from './kubernetes';
import { ProviderSchemas } from './schema-types';
import { protocolServices, providerService, wrap } from './server';
import { servedSchemas } from './served-types';

/** The schemas of both simulated providers, loaded once per process. */
let schemas: { kubernetes: ProviderSchemas; coder: ProviderSchemas } | undefined;

function loadSchemas(): { kubernetes: ProviderSchemas; coder: ProviderSchemas } {
  if (schemas === undefined) {
    // Loaded lazily so that commands without the simulator never pay for them.
    const { kubernetesSchemas } = require('./kubernetes-schema') as typeof import('./kubernetes-schema');
    const { coderSchemas } = require('./coder-schema') as typeof import('./coder-schema');
    schemas = { kubernetes: kubernetesSchemas(), coder: coderSchemas() };
  }
  return schemas;
}

/** Provider addresses as Terraform names them in TF_REATTACH_PROVIDERS. */
const ADDRESSES = { kubernetes: 'registry.terraform.io/hashicorp/kubernetes', coder: 'registry.terraform.io/coder/coder' } as const;

/** The simulated providers of one run: a cluster in `simDir`, the Coder build context set per command. */
export class ProviderHost {
  /**
   * Starts both providers on loopback ports. With `templateDir` (terraform's working directory),
   * the kubernetes provider's schema response holds the types that directory names (served-types.ts).
   */
  public static async start(simDir: string, templateDir?: string): Promise<ProviderHost> {
    const s = loadSchemas();
    const kubernetes = new KubernetesSimulator(s.kubernetes, simDir);
    const coder = new CoderSimulator(s.coder, {});
    const servers: grpc.Server[] = [];
    const reattach: Record<string, unknown> = {};
    for (const [kind, sim, schema] of [
      ['kubernetes', kubernetes, s.kubernetes],
      ['coder', coder, s.coder],
    ] as const) {
      const server = new grpc.Server();
      const { provider } = protocolServices();
      const served = kind === 'kubernetes' && templateDir !== undefined ? () => servedSchemas(schema, templateDir, 'kubernetes') : undefined;
      server.addService(provider, wrap(providerService(schema, sim, served)));
      // go-plugin's reattach path speaks plain gRPC: there is no handshake to exchange certificates.
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
      );
      servers.push(server);
      reattach[ADDRESSES[kind]] = { Protocol: 'grpc', ProtocolVersion: 6, Pid: process.pid, Test: true, Addr: { Network: 'tcp', String: `127.0.0.1:${port}` } };
    }
    return new ProviderHost(JSON.stringify(reattach), kubernetes, coder, servers);
  }

  private constructor(
    /** The value of TF_REATTACH_PROVIDERS for terraform commands of this run. */
    public readonly reattach: string,
    /** The simulated cluster. */
    public readonly kubernetes: KubernetesSimulator,
    /** The simulated Coder provider; its environment is the build's (set before each command). */
    public readonly coder: CoderSimulator,
    private readonly servers: grpc.Server[],
  ) {}

  /** Stops both servers. */
  public close(): void {
    for (const s of this.servers) s.forceShutdown();
  }
}
