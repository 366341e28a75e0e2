// Writes cvmkit.config.schema.json from SETTINGS_SCHEMA (run by the build), so editors validate settings files.
import * as fs from 'fs';
import { projectPath } from '../src/paths';
import { SETTINGS_SCHEMA_FILE, settingsJsonSchema } from '../src/settings';

/** The file's exact text: what the build writes and what the test compares with. */
export function settingsSchemaText(): string {
  return `${JSON.stringify(settingsJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const file = projectPath(SETTINGS_SCHEMA_FILE);
  // Unchanged content is not rewritten, so its time stamp says when the schema last changed.
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== settingsSchemaText()) fs.writeFileSync(file, settingsSchemaText());
}
