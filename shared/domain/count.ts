/**
 * A number and its noun, the noun singular for 1 only: "1 person", "3 people", "2 days". The
 * one plural rule of everything Tend says (emails, the web, the CLI).
 */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
