// Starts the scaling benchmark's child as `cvmkit` starts: from its bundle with the code cache, else from the plain modules.
import * as path from 'path';
import { runBundle } from '../src/code-cache';

if (!runBundle(path.join(__dirname, '..', 'bundle', 'scale.js'), __filename)) require('./scale-entry');
