/** Validation of the child's identity fields (consented cases only). */
import { z } from 'zod';
import type { Clock } from '../../domain/ports';
import { normalisePersonnummer } from '../../domain/personnummer';
import type { ChildIdentity } from '../../domain/case';

/** A personnummer/samordningsnummer (normalised) or a real past birth date (YYYY-MM-DD). */
export function birthSchema(clock: Clock) {
  return z
    .string()
    .trim()
    .transform((s, ctx) => {
      const pnr = normalisePersonnummer(s, clock.now());
      if (pnr !== null) return { personnummer: pnr };
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      const date = m ? new Date(`${s}T00:00:00Z`) : null;
      if (m && date && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(s) && date <= clock.now())
        return { birthDate: s };
      ctx.addIssue({ code: 'custom', message: 'validation.birth' });
      return z.NEVER;
    });
}

export const guardiansSchema = z
  .string()
  .max(1000)
  .transform((s) =>
    s
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  )
  .refine((names) => names.length > 0 && names.every((n) => n.length <= 200), { message: 'validation.required' });

export function identityOf(
  name: string,
  birth: { personnummer?: string; birthDate?: string },
  guardians: readonly string[],
): ChildIdentity {
  return { name, ...birth, guardians: guardians.map((g) => ({ name: g })) };
}
