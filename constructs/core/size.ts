// Typed storage and memory quantities in binary units, so no construct parses "4GB" by itself.

const UNITS = { Mi: 1, Gi: 1024, Ti: 1024 * 1024 } as const;
type Unit = keyof typeof UNITS;
const QUANTITY = /^([1-9][0-9]*)(Mi|Gi|Ti)$/;

/**
 * A whole number of mebibytes, gibibytes or tebibytes. Kubernetes quantities are rendered in
 * binary units only (`Gi`, never `G`), which is what disks and guest memory are sized in.
 */
export class Size {
  /** `n` mebibytes. */
  public static mebibytes(n: number): Size {
    return new Size(n, 'Mi');
  }
  /** `n` gibibytes. */
  public static gibibytes(n: number): Size {
    return new Size(n, 'Gi');
  }
  /** `n` tebibytes. */
  public static tebibytes(n: number): Size {
    return new Size(n, 'Ti');
  }
  /**
   * Parses a Kubernetes binary quantity such as `16Gi` or `512Mi`; returns undefined for
   * anything else (`4GB`, `4G`, `1.5Gi`, `0Gi`).
   */
  public static tryParse(text: string): Size | undefined {
    const m = QUANTITY.exec(text);
    return m ? new Size(Number(m[1]), m[2] as Unit) : undefined;
  }
  /** True when `value` is a positive whole number (what every quantity here must be). */
  public static isWholePositive(value: number): boolean {
    return Number.isSafeInteger(value) && value > 0;
  }

  private constructor(
    /** The amount in `unit`. */
    public readonly amount: number,
    /** The binary unit. */
    public readonly unit: Unit,
  ) {
    if (!Size.isWholePositive(amount)) {
      throw new RangeError(`size must be a positive whole number of ${unit}, got ${amount}`);
    }
  }

  /** The size in mebibytes. */
  public toMebibytes(): number {
    return this.amount * UNITS[this.unit];
  }
  /** The size in whole gibibytes, rounded up. */
  public toGibibytes(): number {
    return Math.ceil(this.toMebibytes() / 1024);
  }
  /** The Kubernetes quantity, e.g. `16Gi`. */
  public toString(): string {
    return `${this.amount}${this.unit}`;
  }
}
