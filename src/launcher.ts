#!/usr/bin/env node
// The `cvmkit` command: the bundled command line with its code cache, or the plain modules when no fresh bundle exists.
import * as path from 'path';
import { runBundle } from './code-cache';

// lib/src/launcher.js -> lib/bundle/cli.js, made by `npm run build`.
if (!runBundle(path.join(__dirname, '..', 'bundle', 'cli.js'), __filename)) require('./cli-entry');
