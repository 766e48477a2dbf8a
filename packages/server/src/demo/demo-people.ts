/**
 * Where Aurora's customers live and what they are called: a Nordic home market with European and
 * long-haul travellers, each country with its locale, phone prefix and common names.
 */

export interface TCountry {
  code: string;
  locale: string;
  phonePrefix: string;
  /** Relative share of the customer base. */
  weight: number;
  firstNames: readonly string[];
  lastNames: readonly string[];
}

export const COUNTRIES: readonly TCountry[] = [
  {
    code: 'SE',
    locale: 'sv-SE',
    phonePrefix: '+46 70',
    weight: 18,
    firstNames: [
      'Astrid',
      'Björn',
      'Elsa',
      'Erik',
      'Ingrid',
      'Lars',
      'Maja',
      'Nils',
      'Sofia',
      'Oskar',
    ],
    lastNames: ['Andersson', 'Johansson', 'Karlsson', 'Lindqvist', 'Nilsson', 'Svensson', 'Berg'],
  },
  {
    code: 'NO',
    locale: 'nb-NO',
    phonePrefix: '+47 41',
    weight: 14,
    firstNames: ['Ingrid', 'Jonas', 'Kari', 'Magnus', 'Nora', 'Ola', 'Sigrid', 'Henrik', 'Thea'],
    lastNames: ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Haugen', 'Solberg', 'Dahl'],
  },
  {
    code: 'FI',
    locale: 'fi-FI',
    phonePrefix: '+358 40',
    weight: 10,
    firstNames: ['Aino', 'Eino', 'Helmi', 'Juha', 'Leena', 'Mikko', 'Onni', 'Saara', 'Ville'],
    lastNames: ['Korhonen', 'Virtanen', 'Mäkinen', 'Nieminen', 'Laine', 'Heikkinen', 'Koskinen'],
  },
  {
    code: 'DK',
    locale: 'da-DK',
    phonePrefix: '+45 20',
    weight: 8,
    firstNames: ['Freja', 'Mads', 'Ida', 'Rasmus', 'Karen', 'Søren', 'Emma', 'Frederik'],
    lastNames: ['Nielsen', 'Jensen', 'Pedersen', 'Sørensen', 'Rasmussen', 'Christensen'],
  },
  {
    code: 'GB',
    locale: 'en-GB',
    phonePrefix: '+44 7700',
    weight: 12,
    firstNames: ['Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Olivia', 'Jack', 'Emily', 'Ruth'],
    lastNames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Walker'],
  },
  {
    code: 'DE',
    locale: 'de-DE',
    phonePrefix: '+49 151',
    weight: 12,
    firstNames: ['Anna', 'Lukas', 'Lena', 'Felix', 'Mia', 'Jonas', 'Hannah', 'Paul', 'Jürgen'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Wagner', 'Becker'],
  },
  {
    code: 'NL',
    locale: 'nl-NL',
    phonePrefix: '+31 6',
    weight: 6,
    firstNames: ['Daan', 'Emma', 'Sem', 'Julia', 'Lucas', 'Tess', 'Bram', 'Sanne'],
    lastNames: ['de Jong', 'Jansen', 'de Vries', 'Bakker', 'Visser', 'Smit', 'Meijer'],
  },
  {
    code: 'FR',
    locale: 'fr-FR',
    phonePrefix: '+33 6',
    weight: 6,
    firstNames: ['Louise', 'Gabriel', 'Chloé', 'Hugo', 'Camille', 'Léo', 'Manon', 'Arthur'],
    lastNames: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Petit', 'Durand'],
  },
  {
    code: 'ES',
    locale: 'es-ES',
    phonePrefix: '+34 612',
    weight: 5,
    firstNames: ['Lucía', 'Hugo', 'Martina', 'Mateo', 'Sofía', 'Pablo', 'Carmen', 'Javier'],
    lastNames: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez'],
  },
  {
    code: 'US',
    locale: 'en-US',
    phonePrefix: '+1 202',
    weight: 6,
    firstNames: ['James', 'Mary', 'Michael', 'Patricia', 'David', 'Jennifer', 'Daniel', 'Linda'],
    lastNames: ['Johnson', 'Miller', 'Davis', 'Garcia', 'Anderson', 'Moore', 'Clark'],
  },
  {
    code: 'JP',
    locale: 'ja-JP',
    phonePrefix: '+81 90',
    weight: 3,
    firstNames: ['Haruto', 'Yui', 'Sota', 'Hina', 'Ren', 'Aoi', 'Kenji', 'Yuki'],
    lastNames: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto'],
  },
];

export const EMAIL_DOMAINS = [
  ['example.com', 6],
  ['example.org', 2],
  ['example.net', 1],
  ['mail.test', 1],
] as const;

/** An e-mail local part from a display name: accents folded, letters only, dot-separated. */
export function emailLocalPart(first: string, last: string): string {
  const fold = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/ø/g, 'o')
      .replace(/æ/g, 'ae')
      .replace(/[^a-z]/g, '');
  return `${fold(first)}.${fold(last)}`;
}
