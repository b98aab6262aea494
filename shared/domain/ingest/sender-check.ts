export interface Verdicts {
  spf: string;
  dkim: string;
  dmarc: string;
}

/** SPEC 2.2: SPF or DKIM must PASS, and DMARC must not FAIL. */
export function senderAuthenticated(v: Verdicts): boolean {
  const pass = (s: string) => s.toUpperCase() === 'PASS';
  return (pass(v.spf) || pass(v.dkim)) && v.dmarc.toUpperCase() !== 'FAIL';
}
