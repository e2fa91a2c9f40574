/**
 * A family plan view with every part filled in — the child's own words and ratings, a guardian's
 * view, contacts, the next meeting — for the PDF's text and layout tests. `padding` lengthens the
 * reason so that headings land at different heights on the pages.
 */
import type { FamilyPlanView } from '../../src/domain/family-plan';

export const fullFamilyView = (padding = 0): FamilyPlanView => ({
  version: 3,
  agreedOn: '2026-11-20',
  reason: [
    'Kim kommer ofta för sent till skolan och är trött på lektionerna.',
    ...Array(padding).fill('Mer om det.'),
  ].join(' '),
  goals: [
    { goal: 'Komma i tid till skolan', inChildsWords: 'Jag vill hinna äta frukost' },
    { goal: 'Sova bättre', inChildsWords: '' },
  ],
  actions: [
    {
      what: 'Morgonschema med bilder',
      who: 'Bo Ek',
      unit: 'Socialtjänsten, Lunda kommun',
      byWhen: '2026-12-15',
      howWeWillKnow: 'Färre sena ankomster',
    },
    {
      what: 'Samtal om sömn',
      who: 'Cecilia Berg',
      unit: 'BVC Lunda',
      byWhen: '2027-01-10',
      howWeWillKnow: 'Kim säger att det är lättare att somna',
    },
  ],
  needs: [
    {
      area: 'Trygghet',
      need: 'Lugna morgnar',
      childView: 'Det är stökigt hemma på morgonen',
      guardianView: 'Vi vill ha hjälp med rutiner',
    },
    { area: 'Hälsa', need: 'Sova mer', childView: '', guardianView: '' },
  ],
  wheel: [
    { areaId: 'trygghet', area: 'Trygghet', level: 'significant' },
    { areaId: 'halsa', area: 'Hälsa', level: 'some' },
    { areaId: 'fritid', area: 'Fritid', level: 'none' },
    { areaId: 'tillhorighet', area: 'Tillhörighet', level: null },
  ],
  childsWishForLead: 'Kim ville helst ha Bo som kontaktperson.',
  disagreements: 'Pappa tycker att morgnarna går bra.',
  lead: { name: 'Bo Ek', unit: 'Socialtjänsten, Lunda kommun', email: 'bo.ek@lunda.example' },
  namedPersons: [{ name: 'Anna Lind', unit: 'Norrskolan', email: 'anna.lind@lunda.example' }],
  followUpDate: '2027-01-20',
  nextMeeting: '2026-12-01 09:00',
  voice: {
    child: {
      words: 'Jag vill att morgnarna ska vara lugna och att jag får spela fotboll.',
      areas: [
        { areaId: 'trygghet', rating: 'sad', hard: 'Det är bråkigt på morgonen', wish: 'Lugnare morgnar' },
        { areaId: 'fritid', rating: 'happy', good: 'Fotbollen på tisdagar' },
      ],
    },
    guardians: [{ label: 'Vårdnadshavare 1', areas: [{ areaId: 'halsa', rating: 'so-so', hard: 'Kim somnar sent' }] }],
  },
  lenses: [],
});
