// KubeVirt's VirtualMachine webhook and CDI's DataVolume webhook: one failing input per rule, with the exact denial.
import { ApiObject } from '../src/simulator/apiserver';
import { cluster, dataVolume, object, refusals, vm } from './support/apiserver';

const vmDenied = (message: string) => [`admission webhook "virtualmachine-validator.kubevirt.io" denied the request: ${message}`];
// CDI prefixes each cause with a space, hence two after the colon.
const dvDenied = (message: string) => [`admission webhook "datavolume-validate.cdi.kubevirt.io" denied the request:  ${message}`];
type Obj = Record<string, any>;
const devices = (o: ApiObject): Obj => (o.spec as Obj).template.spec.domain.devices;

describe('VirtualMachine', () => {
  test('a valid VM is admitted', () => {
    expect(refusals(vm())).toEqual([]);
  });
  test('fails when an interface has no network of the same name', () => {
    expect(refusals(vm({}, { networks: [{ name: 'pod', pod: {} }] }))).toEqual(
      vmDenied("spec.template.spec.networks[0].name 'pod' not found., spec.template.spec.domain.devices.interfaces[0].name 'default' not found."),
    );
  });
  test('fails when a disk has no volume of the same name', () => {
    const o = vm();
    devices(o).disks.push({ name: 'data', disk: { bus: 'virtio' } });
    expect(refusals(o)).toEqual(vmDenied("spec.template.spec.domain.devices.disks[2].Name 'data' not found."));
  });
  test('fails when an interface has two binding methods', () => {
    const o = vm();
    devices(o).interfaces[0].bridge = {};
    expect(refusals(o)).toEqual(vmDenied('spec.template.spec.domain.devices.interfaces[0] must have exactly one binding method set, found bridge, masquerade'));
  });
  test('fails when an interface has a binding plugin and a binding method', () => {
    const o = vm();
    devices(o).interfaces[0].binding = { name: 'passt' };
    expect(refusals(o)).toEqual(vmDenied('logical default interface cannot have both binding plugin and interface binding method'));
  });
  test('fails when masquerade is used on a network other than the pod network', () => {
    expect(refusals(vm({}, { networks: [{ name: 'default', multus: { networkName: 'lan' } }] }))).toEqual(
      vmDenied('Masquerade interface only implemented with pod network'),
    );
  });
  test('fails on an unknown runStrategy', () => {
    expect(refusals(vm({ runStrategy: 'Sometimes' }))).toEqual(vmDenied('Invalid RunStrategy (Sometimes)'));
  });
  test('fails when running and runStrategy are both set', () => {
    expect(refusals(vm({ running: true }))).toEqual(vmDenied('Running and RunStrategy are mutually exclusive'));
  });
  test('fails when neither running nor runStrategy is set', () => {
    expect(refusals(vm({ runStrategy: undefined }))).toEqual(vmDenied('One of Running or RunStrategy must be specified'));
  });
  test('fails when inline cloud-init user data exceeds 2048 bytes', () => {
    const o = vm();
    (o.spec as Obj).template.spec.volumes[1] = { name: 'ci', cloudInitNoCloud: { userData: `#cloud-config\n${'#'.repeat(2048)}` } };
    expect(refusals(o)).toEqual(
      vmDenied('spec.template.spec.volumes[1].cloudInitNoCloud userdata exceeds 2048 byte limit. Should use UserDataSecretRef for larger data.'),
    );
  });
  test('fails when a volume has two sources', () => {
    const o = vm();
    (o.spec as Obj).template.spec.volumes[0].containerDisk = { image: 'quay.io/containerdisks/ubuntu' };
    expect(refusals(o)).toEqual(vmDenied('spec.template.spec.volumes[0] must have exactly one source type set'));
  });
  test('fails when the hostname is not a DNS-1123 label', () => {
    expect(refusals(vm({}, { hostname: 'Dev_Box' }))).toEqual(
      vmDenied(
        "spec.template.spec.hostname does not conform to the kubernetes DNS_LABEL rules : a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ),
    );
  });
  test('fails when guest memory is above the memory limit', () => {
    const o = vm();
    (o.spec as Obj).template.spec.domain.memory = { guest: '8Gi' };
    (o.spec as Obj).template.spec.domain.resources = { limits: { memory: '4Gi' } };
    expect(refusals(o)).toEqual(
      vmDenied(
        "spec.template.spec.domain.memory.guest '8Gi' must be equal to or less than the memory limit spec.template.spec.domain.resources.limits.memory '4Gi'",
      ),
    );
  });
  test('fails when a disk uses an unknown bus', () => {
    const o = vm();
    devices(o).disks[0].disk.bus = 'ide';
    expect(refusals(o)).toEqual(
      vmDenied('spec.template.spec.domain.devices.disks[0] is set with an unrecognized bus ide, must be one of: [virtio scsi sata usb]'),
    );
  });
  test('fails when a field is misspelt (strict decoding of the CRD schema)', () => {
    const o = vm();
    (o.spec as Obj).template.spec.domain.cpu = { coress: 2 };
    expect(refusals(o)).toEqual([
      'VirtualMachine in version "v1" cannot be handled as a VirtualMachine: strict decoding error: unknown field "spec.template.spec.domain.cpu.coress"',
    ]);
  });
  test('fails when a field has the wrong type', () => {
    expect(refusals(vm({}, { terminationGracePeriodSeconds: 'soon' }))).toEqual([
      'VirtualMachine.kubevirt.io "x" is invalid: spec.template.spec.terminationGracePeriodSeconds: Invalid value: "string": spec.template.spec.terminationGracePeriodSeconds in body must be of type integer: "string"',
    ]);
  });
});

describe('DataVolume', () => {
  const dataSource = object(
    'cdi.kubevirt.io/v1beta1',
    'DataSource',
    { spec: { source: { pvc: { name: 'ubuntu', namespace: 'os-images' } } } },
    { name: 'ubuntu', namespace: 'os-images' },
  );
  test('a valid DataVolume is admitted', () => {
    expect(refusals(dataVolume())).toEqual([]);
  });
  test('fails when its spec changes on update', () => {
    expect(refusals(dataVolume({ storage: { resources: { requests: { storage: '32Gi' } } } }), dataVolume())).toEqual(
      dvDenied('Cannot update DataVolume Spec'),
    );
  });
  test('fails with both source and sourceRef', () => {
    expect(refusals(dataVolume({ sourceRef: { kind: 'DataSource', name: 'ubuntu' } }))).toEqual(dvDenied('Data volume should have either Source or SourceRef'));
  });
  test('fails with neither source nor sourceRef', () => {
    expect(refusals(dataVolume({ source: undefined }))).toEqual(dvDenied('Data volume should have either Source or SourceRef'));
  });
  test('fails when sourceRef is not a DataSource', () => {
    expect(refusals(dataVolume({ source: undefined, sourceRef: { kind: 'PersistentVolumeClaim', name: 'ubuntu' } }))).toEqual(
      dvDenied('Unsupported sourceRef kind PersistentVolumeClaim, currently only DataSource is supported'),
    );
  });
  test('fails when the referenced DataSource does not exist', () => {
    expect(refusals(dataVolume({ source: undefined, sourceRef: { kind: 'DataSource', name: 'ubuntu', namespace: 'os-images' } }))).toEqual(
      dvDenied('SourceRef DataSource/os-images/ubuntu not found'),
    );
    expect(
      refusals(dataVolume({ source: undefined, sourceRef: { kind: 'DataSource', name: 'ubuntu', namespace: 'os-images' } }), undefined, cluster([dataSource])),
    ).toEqual([]);
  });
  test('fails without storage or pvc', () => {
    expect(refusals(dataVolume({ storage: undefined }))).toEqual(dvDenied('Missing Data volume PVC'));
  });
  test('fails when the storage size is missing for an import', () => {
    expect(refusals(dataVolume({ storage: { accessModes: ['ReadWriteOnce'] } }))).toEqual(dvDenied('Storage size is missing'));
  });
  test('fails with two sources', () => {
    expect(refusals(dataVolume({ source: { http: { url: 'https://example.com/a.img' }, blank: {} } }))).toEqual(dvDenied('Multiple Data volume sources'));
  });
  test('fails with a source URL that is not http(s)', () => {
    expect(refusals(dataVolume({ source: { http: { url: 'ftp://example.com/a.img' } } }))).toEqual(
      dvDenied('spec.source Invalid source URL scheme: ftp://example.com/a.img'),
    );
  });
  test('fails when a PVC of the same name that no DataVolume owns exists', () => {
    const pvc = object('v1', 'PersistentVolumeClaim', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    expect(refusals(dataVolume(), undefined, cluster([pvc]))).toEqual(dvDenied('Destination PVC ws/x already exists'));
  });
});
