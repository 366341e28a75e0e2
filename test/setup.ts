// Registers cdktf's jest matchers (toHaveResourceWithProperties and friends) and their types.
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import * as stackTrace from 'cdktf/lib/tokens/private/stack-trace';

Testing.setupJest();

// cdktf records a full stack trace for every token it creates, only to print it in resolution
// errors. Under jest each trace is also mapped through the source maps of every frame's file
// (source-map-support): ~30 % of a synthesizing test's CPU. The bundled command line records
// none unless CVMKIT_TOKEN_STACKS=1 (scripts/bundle-cli.js); the tests follow it.
if (process.env.CVMKIT_TOKEN_STACKS !== '1') (stackTrace as { captureStackTrace: (below?: unknown) => string[] }).captureStackTrace = () => [];
