// What a Windows guest needs of its VirtualMachine besides what every VM has: UEFI with Secure Boot, SMM,
// a TPM, Hyper-V enlightenments, a q35 machine, a Windows-friendly clock, and CD-ROMs Windows reads natively.

/** The Windows-specific settings of a VirtualMachine. */
export interface WindowsGuest {
  /** UEFI Secure Boot (needs SMM, which is then enabled). */
  readonly secureBoot: boolean;
  /** An emulated TPM 2.0 (not persistent: see the README). */
  readonly tpm: boolean;
  /** `clock.timezone` (the guest's RTC runs in local time) or undefined for `clock.utc`. */
  readonly timezone?: string;
}

/**
 * The domain settings of a Windows guest (fields as in KubeVirt 1.9's `DomainSpec`). The Hyper-V
 * enlightenments are the set KubeVirt's Windows examples and preferences use: without them Windows
 * busy-waits on spinlocks and timers and is slow under KVM. HPET off, PIT delayed and RTC catching up
 * are the usual timer settings for Windows; the Hyper-V reference timer is its clock source.
 */
export function windowsDomain(g: WindowsGuest): Record<string, unknown> {
  return {
    machine: { type: 'q35' },
    firmware: { bootloader: { efi: { secureBoot: g.secureBoot } } },
    features: {
      acpi: {},
      apic: {},
      // KubeVirt refuses Secure Boot without SMM.
      smm: { enabled: true },
      hyperv: {
        relaxed: {},
        vapic: {},
        spinlocks: { spinlocks: 8191 },
        vpindex: {},
        runtime: {},
        synic: {},
        synictimer: { direct: {} },
        frequencies: {},
        reenlightenment: {},
        tlbflush: {},
        ipi: {},
        reset: {},
      },
    },
    clock: {
      ...(g.timezone !== undefined ? { timezone: g.timezone } : { utc: {} }),
      timer: { hpet: { present: false }, pit: { tickPolicy: 'delay' }, rtc: { tickPolicy: 'catchup' }, hyperv: {} },
    },
  };
}

/** Devices a Windows guest adds: a TPM, and a USB tablet so the pointer follows the VNC console. */
export function windowsDevices(g: WindowsGuest): Record<string, unknown> {
  return {
    ...(g.tpm ? { tpm: {} } : {}),
    inputs: [{ type: 'tablet', bus: 'usb', name: 'tablet' }],
  };
}
