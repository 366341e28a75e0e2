// Sizes of the cloud-init user-data a template produces, filled with realistic values.
import { TEMPLATE_VARIABLES } from '../cloud-init';

/**
 * Assumed sizes of what Terraform fills in: the agent's init script (Coder's Linux bootstrap is
 * about 3 KiB; 4 KiB is taken to stay on the safe side). The 36-character token is no longer part
 * of the user-data (it travels in a Secret key of its own), but stays here for the README's figures.
 */
export const ASSUMED = { tokenChars: 36, initScriptBytes: 4096 } as const;

const b64Len = (bytes: number) => 4 * Math.ceil(bytes / 3);

/** Bytes of each `cloud-init/*.tftpl` once `templatefile()` substitutes the assumed values. */
export function userDataSizes(files: ReadonlyMap<string, string>): { file: string; bytes: number }[] {
  const fill: Record<(typeof TEMPLATE_VARIABLES)[number], string> = {
    init_script_b64: 'A'.repeat(b64Len(ASSUMED.initScriptBytes)),
  };
  return [...files.entries()]
    .filter(([name]) => /^cloud-init\/.*\.tftpl$/.test(name))
    .map(([file, content]) => {
      let text = content;
      for (const v of TEMPLATE_VARIABLES) text = text.split(`\${${v}}`).join(fill[v]);
      if (text.includes('${'))
        throw new Error(`${file}: unfilled template variable in ${JSON.stringify(text.slice(text.indexOf('${'), text.indexOf('${') + 40))}`);
      return { file, bytes: Buffer.byteLength(text) };
    });
}
