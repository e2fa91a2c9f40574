/**
 * The people and texts the Playground e2e tests share: Lena Sjö, a teacher at Norrskolan whom the
 * development directory does not hold (each test adds her to the school's staff group, as municipal IT
 * would), and Sara Lund of social services' consultation function, from the development directory.
 */
import { directoryPersona } from '../../../scripts/playground-personas';
import type { GraphStandIn } from '../../../tools/graph-standin/server';
import type { PlaygroundPersona } from './harness';

/** Norrskolan's staff group (config/organisations.json: lunda-norrskolan, professional). */
export const norrskolanStaffGroup = '0b0b0000-0001-4000-8000-000000000001';

export const teacher: PlaygroundPersona = {
  id: '29:dev-lena-sjo',
  name: 'Lena Sjö',
  aadObjectId: '6f1c2d3e-0009-4a5b-8c9d-000000000009',
  email: 'lena.sjo@lunda.example',
  givenName: 'Lena',
  surname: 'Sjö',
};

/** Lena joins Norrskolan's staff group in the stand-in's directory: no change to config/. */
export function addTeacher(standIn: GraphStandIn): void {
  standIn.directory.addUser({
    id: teacher.aadObjectId,
    displayName: teacher.name,
    mail: teacher.email,
    jobTitle: 'Lärare',
  });
  standIn.directory.addMember(norrskolanStaffGroup, teacher.aadObjectId);
}

/** The only member of social services' consultation function (tools/graph-standin/seed/directory.json). */
export const sara: PlaygroundPersona = (() => {
  const p = directoryPersona('Sara Lund');
  if (p === null) throw new Error('Sara Lund is not in the development directory');
  return p;
})();

/** The five questions as the card shows them. */
export const fiveQuestions = [
  '1. Vad står i vägen för barnets välbefinnande?',
  '2. Har jag all information jag behöver för att hjälpa barnet?',
  '3. Vad kan jag göra nu, som behövs och är lämpligt?',
  '4. Vad kan min verksamhet göra nu för att hjälpa barnet?',
  '5. Vilket ytterligare stöd kan behövas från andra?',
];

export const normalizeSpace = (text: string) => text.replace(/\s+/g, ' ');
