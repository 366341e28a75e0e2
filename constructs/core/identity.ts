// Who a workspace's Kubernetes objects belong to: names from the immutable workspace id, people's names in labels.
import { CoderTemplate } from './coder-template';
import { Construct, Fn, Token } from './cdktf';
import { check } from './errors';
import { namedLocal } from './locals';
import { dnsName, dnsNameValue, MAX_NAME_LENGTH, sanitizedValue } from './names';

/** `coder-` plus a workspace id (a UUID, 36 characters). */
const ID_NAME_LENGTH = 'coder-'.length + 36;
/** Longest suffix an id-based name can take and still be a DNS-1123 label. */
export const MAX_OBJECT_SUFFIX = MAX_NAME_LENGTH - ID_NAME_LENGTH;

/**
 * A label value made of any string, as a Terraform expression: characters outside
 * `[A-Za-z0-9._-]` become `_`, at most 63 characters, starting and ending alphanumeric.
 */
export function labelValue(value: string): string {
  return Token.asString(Fn.trim(Fn.substr(Fn.replace(value, '/[^A-Za-z0-9._-]/', '_'), 0, MAX_NAME_LENGTH), '._-'));
}

/**
 * The name of the workspace's DNS Service, `coder-<owner>-<workspace>` made a DNS label. Coder
 * names never contain `--`, so doubling every hyphen of the owner's name keeps two workspaces
 * apart: owner `a-b`'s workspace `c` is `coder-a--b-c`, owner `a`'s `b-c` is `coder-a-b-c`.
 * Owners without a hyphen (most) get exactly `coder-<owner>-<workspace>`.
 */
export function serviceName(owner: string, workspace: string): string {
  return dnsName(`coder-${owner.toLowerCase().replace(/-/g, '--')}-${workspace}`);
}

/** {@link serviceName} before its length rule, as a Terraform expression (pass it to `dnsNameValue` with `sanitized`). */
export function serviceBaseValue(owner: string, workspace: string): string {
  return sanitizedValue(Fn.join('-', ['coder', Fn.replace(Fn.lower(owner), '-', '--'), workspace]));
}

/** {@link serviceName} as a Terraform expression; tests hold the two equal with `terraform console`. */
export function serviceNameValue(owner: string, workspace: string): string {
  return dnsNameValue(serviceBaseValue(owner, workspace), '', true);
}

/**
 * The identity of a workspace's objects. Every object a workspace keeps (disks, the VM or pod,
 * its Secrets) is named `coder-<workspace id>[-suffix]`: the id never changes, so renaming the
 * workspace or its owner replaces nothing, and two workspaces can never share a name. Owner and
 * workspace names appear only in labels (made label-safe) and annotations.
 */
export class WorkspaceIdentity extends Construct {
  /** Returns the identity of the template `scope` belongs to, creating it on first use. */
  public static of(scope: Construct): WorkspaceIdentity {
    const template = CoderTemplate.of(scope);
    const existing = template.node.tryFindChild('WorkspaceIdentity');
    return existing instanceof WorkspaceIdentity ? existing : new WorkspaceIdentity(template, 'WorkspaceIdentity');
  }

  /** `coder-<workspace id>`: the name of the workspace's compute object (`local.workspace_name`). */
  public readonly name: string;
  /**
   * Labels of every object: the `app.kubernetes.io/*` set (the instance is the id-based name, so
   * selectors survive renames) and Coder's ids and label-safe names, as Terraform expressions.
   */
  public readonly labels: Readonly<Record<string, string>>;
  /** Annotations of every object: values that may not be label values (the owner's e-mail). */
  public readonly annotations: Record<string, string>;
  /** The workspace's hostname: its name made a DNS label (it follows renames). */
  public readonly hostname: string;
  private build?: string;

  private constructor(scope: CoderTemplate, id: string) {
    super(scope, id);
    this.name = namedLocal(scope, 'workspace_name', `coder-${Fn.lower(scope.workspace.id)}`);
    this.labels = {
      'app.kubernetes.io/name': 'coder-workspace',
      'app.kubernetes.io/instance': this.name,
      'app.kubernetes.io/part-of': 'coder',
      'com.coder.resource': 'true',
      'com.coder.workspace.id': scope.workspace.id,
      'com.coder.workspace.name': labelValue(scope.workspace.name),
      'com.coder.user.id': scope.owner.id,
      'com.coder.user.username': labelValue(scope.owner.name),
    };
    this.annotations = { 'com.coder.user.email': scope.owner.email };
    this.hostname = namedLocal(scope, 'workspace_hostname', dnsNameValue(scope.workspace.name));
  }

  /**
   * `local.build_id`: 8 hex digits that change on every build (from `plantimestamp()`). Objects that
   * carry the build's agent token are named with it, so a new pod or guest can only find the one
   * made for it, after it (and a start of a running workspace starts it anew).
   */
  public get buildId(): string {
    this.build ??= namedLocal(this.node.scope as Construct, 'build_id', Fn.substr(Fn.sha1(Token.asString(Fn.plantimestamp())), 0, 8));
    return this.build;
  }

  /** `coder-<workspace id><suffix>`, e.g. `objectName('-home')`; the suffix is a short literal. */
  public objectName(suffix: string): string {
    check(
      /^-[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(suffix) && suffix.length <= MAX_OBJECT_SUFFIX,
      this,
      'suffix',
      `"${suffix}" must be "-" followed by at most ${MAX_OBJECT_SUFFIX - 1} characters of [a-z0-9-]`,
    );
    return `${this.name}${suffix}`;
  }
}
