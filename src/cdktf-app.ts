// Entry point for `cdktf synth` (cdktf.json "app"): the whole catalog as one cdktf App.
import { App } from '../constructs/core/cdktf';
import { CATALOG } from './catalog';

const app = new App();
for (const definition of CATALOG) definition.build(app, definition.name);
app.synth();
