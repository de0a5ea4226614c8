/** OIN: 20 digits — an 8-digit prefix, a 9-digit number, a 3-digit suffix. Prefix 00000099 = test. */
const oinPattern = /^[0-9]{20}$/;

export function isValidOin(value: string): boolean {
  return oinPattern.test(value);
}

export function isTestOin(value: string): boolean {
  return isValidOin(value) && value.startsWith('00000099');
}

/** Node's parsed certificate gives subject.serialNumber as a string, or an array when repeated. */
export function oinFromSubjectSerialNumber(value: string | string[] | undefined): string | undefined {
  // More than one serialNumber is ambiguous about who is calling: treat as none.
  if (Array.isArray(value)) return value.length === 1 && isValidOin(value[0]!) ? value[0] : undefined;
  return value !== undefined && isValidOin(value) ? value : undefined;
}
