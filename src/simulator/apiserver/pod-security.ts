// Pod Security admission: the Pod Security Standards checks (baseline, restricted) by the namespace's
// `pod-security.kubernetes.io/enforce` label, in the order and wording of k8s.io/pod-security-admission.

type Obj = Record<string, any>;
export type Level = 'privileged' | 'baseline' | 'restricted';

interface Check {
  readonly level: 'baseline' | 'restricted';
  /** Baseline checks a restricted one replaces at the restricted level (capabilities, seccomp, hostPath and gitRepo volumes). */
  readonly baselineOnly?: boolean;
  readonly run: (meta: Obj, spec: Obj) => [reason: string, detail: string] | undefined;
}

const plural = (one: string, many: string, n: number) => (n === 1 ? one : many);
const quoteAll = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(', ');
const containersOf = (spec: Obj): Obj[] => [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
const sc = (c: Obj): Obj => c.securityContext ?? {};
/** Pods in their own user namespace (hostUsers: false) are exempt from some restricted checks (KEP-127). */
const userNamespace = (spec: Obj) => spec.hostUsers === false;

/** "container \"a\" must …" / "containers \"a\", \"b\" must …" */
function containersDetail(names: string[], rest: string): string {
  return `${plural('container', 'containers', names.length)} ${quoteAll(names)} ${rest}`;
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_OK_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const VOLUME_TYPES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'portworxVolume',
  'photonPersistentDisk',
  'scaleIO',
  'storageos',
  'image',
];
const validSeccomp = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';

/** pod / containers that set a field to a bad value: ["pod", "containers \"a\""] joined with " and ". */
function setters(spec: Obj, bad: (ctx: Obj) => boolean): string[] {
  const out: string[] = [];
  if (spec.securityContext !== undefined && bad(spec.securityContext)) out.push('pod');
  const names = containersOf(spec)
    .filter((c) => c.securityContext !== undefined && bad(c.securityContext))
    .map((c) => c.name);
  if (names.length > 0) out.push(`${plural('container', 'containers', names.length)} ${quoteAll(names)}`);
  return out;
}

/** Checks in registration order (policy/check_*.go file order); overlapping ones run last at the baseline level. */
const CHECKS: Check[] = [
  {
    level: 'baseline',
    run: (meta, spec) => {
      const bad = Object.entries((meta.annotations ?? {}) as Obj)
        .filter(
          ([k, v]) =>
            k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== '' && v !== 'runtime/default' && !String(v).startsWith('localhost/'),
        )
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      const fields = setters(spec, (s) => s.appArmorProfile?.type === 'Unconfined');
      if (fields.length > 0) bad.push(`${fields.join(' and ')} must not set appArmorProfile.type to "Unconfined"`);
      return bad.length > 0 ? [plural('forbidden AppArmor profile', 'forbidden AppArmor profiles', bad.length), bad.sort().join(', ')] : undefined;
    },
  },
  {
    level: 'baseline',
    run: (_m, spec) => {
      const host = [
        ['hostNetwork', spec.hostNetwork],
        ['hostPID', spec.hostPID],
        ['hostIPC', spec.hostIPC],
      ]
        .filter(([, v]) => v === true)
        .map(([k]) => `${k}=true`);
      return host.length > 0 ? ['host namespaces', host.join(', ')] : undefined;
    },
  },
  {
    level: 'baseline',
    run: (_m, spec) => {
      const names = ((spec.volumes ?? []) as Obj[]).filter((v) => v.hostPath !== undefined).map((v) => v.name);
      return names.length > 0 ? ['hostPath volumes', `${plural('volume', 'volumes', names.length)} ${quoteAll(names)}`] : undefined;
    },
    baselineOnly: true,
  },
  {
    level: 'baseline',
    run: (_m, spec) => {
      const bad = containersOf(spec)
        .filter((c) => ((c.ports ?? []) as Obj[]).some((p) => p.hostPort))
        .map((c) => c.name);
      const ports = [...new Set(containersOf(spec).flatMap((c) => ((c.ports ?? []) as Obj[]).filter((p) => p.hostPort).map((p) => String(p.hostPort))))].sort();
      return bad.length > 0
        ? ['hostPort', `${containersDetail(bad, plural('uses', 'use', bad.length))} ${plural('hostPort', 'hostPorts', ports.length)} ${ports.join(', ')}`]
        : undefined;
    },
  },
  {
    level: 'baseline',
    run: (_m, spec) => {
      const hosts = new Set<string>();
      const bad = containersOf(spec)
        .filter((c) => {
          const handlers = [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop];
          const found = handlers.flatMap((h) => [h?.httpGet?.host, h?.tcpSocket?.host]).filter((h) => h);
          found.forEach((h) => hosts.add(h));
          return found.length > 0;
        })
        .map((c) => c.name);
      return bad.length > 0
        ? [
            'probe or lifecycle host',
            `${containersDetail(bad, plural('uses', 'use', bad.length))} ${plural('probe or lifecycle host', 'probe or lifecycle hosts', hosts.size)} ${quoteAll([...hosts].sort())}`,
          ]
        : undefined;
    },
  },
  {
    level: 'baseline',
    run: (_m, spec) => {
      const bad = containersOf(spec)
        .filter((c) => sc(c).privileged === true)
        .map((c) => c.name);
      return bad.length > 0 ? ['privileged', containersDetail(bad, 'must not set securityContext.privileged=true')] : undefined;
    },
  },
  {
    level: 'baseline',
    run: (_m, spec) => {
      if (userNamespace(spec)) return undefined;
      const bad = containersOf(spec).filter((c) => sc(c).procMount !== undefined && sc(c).procMount !== 'Default');
      return bad.length > 0
        ? [
            'procMount',
            containersDetail(
              bad.map((c) => c.name),
              `must not set securityContext.procMount to ${quoteAll([...new Set(bad.map((c) => String(sc(c).procMount)))].sort())}`,
            ),
          ]
        : undefined;
    },
  },
  {
    level: 'baseline',
    run: (_m, spec) => {
      const types = new Set<string>();
      let user = false;
      let role = false;
      const who = setters(spec, (s) => {
        const o = s.seLinuxOptions as Obj | undefined;
        if (o === undefined) return false;
        const badType = !SELINUX_TYPES.has(o.type ?? '');
        if (badType) types.add(o.type);
        if (o.user) user = true;
        if (o.role) role = true;
        return badType || !!o.user || !!o.role;
      });
      if (who.length === 0) return undefined;
      const data = [
        ...(types.size > 0 ? [`${plural('type', 'types', types.size)} ${quoteAll([...types].sort())}`] : []),
        ...(user ? ['user may not be set'] : []),
        ...(role ? ['role may not be set'] : []),
      ];
      return ['seLinuxOptions', `${who.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`];
    },
  },
  {
    level: 'baseline',
    run: (_m, spec) => {
      const bad = ((spec.securityContext?.sysctls ?? []) as Obj[]).map((s) => s.name).filter((n) => !SAFE_SYSCTLS.has(n));
      return bad.length > 0 ? ['forbidden sysctls', bad.join(', ')] : undefined;
    },
  },
  {
    level: 'baseline',
    run: (_m, spec) => {
      const bad = ((spec.volumes ?? []) as Obj[]).filter((v) => v.gitRepo !== undefined).map((v) => v.name);
      return bad.length > 0
        ? [
            'restricted volume types',
            `${plural('volume', 'volumes', bad.length)} ${quoteAll(bad)} ${plural('uses', 'use', bad.length)} restricted volume type "gitRepo"`,
          ]
        : undefined;
    },
    baselineOnly: true,
  },
  {
    level: 'baseline',
    run: (_m, spec) => {
      const hostProcess = setters(spec, (s) => s.windowsOptions?.hostProcess === true);
      return hostProcess.length > 0 ? ['hostProcess', `${hostProcess.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`] : undefined;
    },
  },
  {
    level: 'baseline',
    baselineOnly: true,
    run: (_m, spec) => {
      const caps = new Set<string>();
      const bad = containersOf(spec)
        .filter((c) => {
          const extra = ((sc(c).capabilities?.add ?? []) as string[]).filter((x) => !BASELINE_CAPABILITIES.has(x));
          extra.forEach((x) => caps.add(x));
          return extra.length > 0;
        })
        .map((c) => c.name);
      return bad.length > 0
        ? ['non-default capabilities', containersDetail(bad, `must not include ${quoteAll([...caps].sort())} in securityContext.capabilities.add`)]
        : undefined;
    },
  },
  {
    level: 'baseline',
    baselineOnly: true,
    run: (_m, spec) => {
      const values = new Set<string>();
      const who = setters(
        spec,
        (s) => s.seccompProfile !== undefined && !validSeccomp(s.seccompProfile.type) && (values.add(String(s.seccompProfile.type)), true),
      );
      return who.length > 0
        ? ['seccompProfile', `${who.join(' and ')} must not set securityContext.seccompProfile.type to ${quoteAll([...values].sort())}`]
        : undefined;
    },
  },
  {
    level: 'restricted',
    run: (_m, spec) => {
      const bad = containersOf(spec)
        .filter((c) => sc(c).allowPrivilegeEscalation !== false)
        .map((c) => c.name);
      return bad.length > 0
        ? ['allowPrivilegeEscalation != false', containersDetail(bad, 'must set securityContext.allowPrivilegeEscalation=false')]
        : undefined;
    },
  },
  {
    level: 'restricted',
    run: (_m, spec) => {
      const noDrop = containersOf(spec)
        .filter((c) => !((sc(c).capabilities?.drop ?? []) as string[]).includes('ALL'))
        .map((c) => c.name);
      const caps = new Set<string>();
      const adding = containersOf(spec)
        .filter((c) => {
          const extra = ((sc(c).capabilities?.add ?? []) as string[]).filter((x) => x !== 'NET_BIND_SERVICE');
          extra.forEach((x) => caps.add(x));
          return extra.length > 0;
        })
        .map((c) => c.name);
      const details = [
        ...(noDrop.length > 0 ? [containersDetail(noDrop, 'must set securityContext.capabilities.drop=["ALL"]')] : []),
        ...(adding.length > 0 ? [containersDetail(adding, `must not include ${quoteAll([...caps].sort())} in securityContext.capabilities.add`)] : []),
      ];
      return details.length > 0 ? ['unrestricted capabilities', details.join('; ')] : undefined;
    },
  },
  {
    level: 'restricted',
    run: (_m, spec) => {
      const bad = ((spec.volumes ?? []) as Obj[]).filter((v) => !RESTRICTED_OK_VOLUMES.some((t) => v[t] !== undefined));
      const types = [...new Set(bad.map((v) => VOLUME_TYPES.find((t) => v[t] !== undefined) ?? 'unknown'))].sort();
      return bad.length > 0
        ? [
            'restricted volume types',
            `${plural('volume', 'volumes', bad.length)} ${quoteAll(bad.map((v) => v.name))} ${plural('uses', 'use', bad.length)} ${plural('restricted volume type', 'restricted volume types', types.length)} ${quoteAll(types)}`,
          ]
        : undefined;
    },
  },
  {
    level: 'restricted',
    run: (_m, spec) => {
      if (userNamespace(spec)) return undefined;
      const explicit = setters(spec, (s) => s.runAsNonRoot === false);
      if (explicit.length > 0) return ['runAsNonRoot != true', `${explicit.join(' and ')} must not set securityContext.runAsNonRoot=false`];
      if (spec.securityContext?.runAsNonRoot === true) return undefined;
      const implicit = containersOf(spec)
        .filter((c) => sc(c).runAsNonRoot === undefined)
        .map((c) => c.name);
      return implicit.length > 0 ? ['runAsNonRoot != true', `pod or ${containersDetail(implicit, 'must set securityContext.runAsNonRoot=true')}`] : undefined;
    },
  },
  {
    level: 'restricted',
    run: (_m, spec) => {
      if (userNamespace(spec)) return undefined;
      const who = setters(spec, (s) => s.runAsUser === 0);
      return who.length > 0 ? ['runAsUser=0', `${who.join(' and ')} must not set runAsUser=0`] : undefined;
    },
  },
  {
    level: 'restricted',
    run: (_m, spec) => {
      const values = new Set<string>();
      const who = setters(
        spec,
        (s) => s.seccompProfile !== undefined && !validSeccomp(s.seccompProfile.type) && (values.add(String(s.seccompProfile.type)), true),
      );
      if (who.length > 0) return ['seccompProfile', `${who.join(' and ')} must not set securityContext.seccompProfile.type to ${quoteAll([...values].sort())}`];
      if (validSeccomp(spec.securityContext?.seccompProfile?.type)) return undefined;
      const implicit = containersOf(spec)
        .filter((c) => sc(c).seccompProfile === undefined)
        .map((c) => c.name);
      return implicit.length > 0
        ? ['seccompProfile', `pod or ${containersDetail(implicit, 'must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"')}`]
        : undefined;
    },
  },
];

/** The namespace's enforced level and version label (`latest` when unset). */
export function enforcedLevel(labels: Record<string, string> | undefined): { level: Level; version: string } {
  const level = labels?.['pod-security.kubernetes.io/enforce'];
  const version = labels?.['pod-security.kubernetes.io/enforce-version'] ?? 'latest';
  return { level: level === 'baseline' || level === 'restricted' ? level : 'privileged', version };
}

/** `violates PodSecurity "baseline:latest": reason (detail), …`, or undefined when the pod meets the level. */
export function podSecurityViolation(level: Level, version: string, meta: Obj, spec: Obj): string | undefined {
  if (level === 'privileged') return undefined;
  // At restricted, the restricted checks replace the overlapping baseline ones, and restricted volume types replaces hostPath volumes.
  const active = CHECKS.filter((c) => (level === 'baseline' ? c.level === 'baseline' : !c.baselineOnly));
  const results = active.map((c) => c.run(meta, spec)).filter((r): r is [string, string] => r !== undefined);
  if (results.length === 0) return undefined;
  return `violates PodSecurity "${level}:${version}": ${results.map(([reason, detail]) => (detail ? `${reason} (${detail})` : reason)).join(', ')}`;
}
