/** Entry points that are not built yet say exactly that, and exit 0 without pretending to work. */
export function notYetImplemented(script: string, plan: string): void {
  process.stdout.write(`${script}: not implemented yet. It will ${plan}\n`);
}
