// Sizes of the cloud-init user-data a template produces, filled with realistic values.
import { TEMPLATE_VARIABLES } from '../cloud-init';

/**
 * Assumed sizes of what Terraform fills in: the agent's env file (`CODER_AGENT_TOKEN=` and a
 * 36-character token) and its init script. Coder's Linux bootstrap script is about 3 KiB; 4 KiB
 * is taken to stay on the safe side.
 */
export const ASSUMED = { tokenChars: 36, initScriptBytes: 4096 } as const;

const b64Len = (bytes: number) => 4 * Math.ceil(bytes / 3);

/** Bytes of each `cloud-init/*.tftpl` once `templatefile()` substitutes the assumed values. */
export function userDataSizes(files: ReadonlyMap<string, string>): { file: string; bytes: number }[] {
  const fill: Record<(typeof TEMPLATE_VARIABLES)[number], string> = {
    agent_env_b64: 'A'.repeat(b64Len('CODER_AGENT_TOKEN=\n'.length + ASSUMED.tokenChars)),
    init_script_b64: 'A'.repeat(b64Len(ASSUMED.initScriptBytes)),
  };
  return [...files.entries()]
    .filter(([name]) => /^cloud-init\/.*\.tftpl$/.test(name))
    .map(([file, content]) => {
      let text = content;
      for (const v of TEMPLATE_VARIABLES) text = text.split(`\${${v}}`).join(fill[v]);
      if (text.includes('${')) throw new Error(`${file}: unfilled template variable in ${JSON.stringify(text.slice(text.indexOf('${'), text.indexOf('${') + 40))}`);
      return { file, bytes: Buffer.byteLength(text) };
    });
}
