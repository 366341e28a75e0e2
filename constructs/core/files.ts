// Files a stack writes next to its main.tf (cloud-init templates, Gardener snippets…).
import { IConstruct } from './cdktf';
import { check } from './errors';

/** A file written next to `main.tf`, referenced by the template (e.g. with `templatefile`) or read by people. */
export interface TemplateFile {
  /** Path relative to the stack's folder, e.g. `cloud-init/apt.yaml.tftpl`. */
  readonly path: string;
  /** File content, or a function producing it at synth time (so `addXxx()` calls still count). */
  readonly content: string | (() => string);
}

/** The extra files of one stack, with unique relative paths. */
export class StackFiles {
  private readonly files = new Map<string, string | (() => string)>();

  constructor(private readonly owner: IConstruct) {}

  /** Adds a file; paths must be relative, of `[a-z0-9._/-]`, and unique. */
  public add(file: TemplateFile): void {
    check(
      /^[a-z0-9][a-z0-9._/-]*$/.test(file.path) && !file.path.includes('..'),
      this.owner,
      'file path',
      `"${file.path}" must be a relative path of [a-z0-9._/-]`,
    );
    check(!this.files.has(file.path), this.owner, 'file path', `"${file.path}" is added twice`);
    this.files.set(file.path, file.content);
  }

  /** The files, rendered and sorted by path. */
  public render(): { readonly path: string; readonly content: string }[] {
    return [...this.files.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, content]) => ({ path, content: typeof content === 'function' ? content() : content }));
  }
}
