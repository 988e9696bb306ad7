/**
 * Word lists for the synthetic population: German given names by birth era (so a 90-year-old is
 * not called Leon), family names as they occur in Eastern Westphalia-Lippe (including the names
 * of families who came later), streets, towns with postcodes, and the branches of a fictitious
 * savings bank around Paderborn and Detmold, the region of the source talk (seed 000).
 * Every person generated from these lists is fictitious.
 */

/** Given names by birth era and sex. */
export const GIVEN_NAMES = {
  before1960: {
    female: ['Ursula', 'Helga', 'Gisela', 'Ingrid', 'Renate', 'Brigitte', 'Hildegard', 'Erika', 'Christa', 'Gertrud', 'Marianne', 'Waltraud', 'Elisabeth', 'Margret', 'Irmgard', 'Rosemarie'],
    male: ['Helmut', 'Heinz', 'Werner', 'Gerhard', 'Günter', 'Manfred', 'Horst', 'Dieter', 'Klaus', 'Hans', 'Wolfgang', 'Karl-Heinz', 'Friedhelm', 'Wilhelm', 'Josef', 'Heribert'],
  },
  from1960: {
    female: ['Sabine', 'Petra', 'Claudia', 'Andrea', 'Susanne', 'Stefanie', 'Nicole', 'Katrin', 'Melanie', 'Anja', 'Birgit', 'Julia', 'Sandra', 'Martina', 'Tanja', 'Daniela'],
    male: ['Thomas', 'Michael', 'Andreas', 'Stefan', 'Frank', 'Markus', 'Jörg', 'Ralf', 'Christian', 'Sven', 'Oliver', 'Matthias', 'Dirk', 'Carsten', 'Tobias', 'Sebastian'],
  },
  from1990: {
    female: ['Lea', 'Anna', 'Laura', 'Lena', 'Sophie', 'Marie', 'Hannah', 'Mia', 'Emma', 'Lara', 'Johanna', 'Clara', 'Zeynep', 'Alina', 'Jana', 'Paula'],
    male: ['Lukas', 'Leon', 'Jonas', 'Finn', 'Niklas', 'Felix', 'Paul', 'Tim', 'Jan', 'Ben', 'Elias', 'Moritz', 'Emre', 'Luca', 'Noah', 'Maximilian'],
  },
} as const;

/** Family names; the common German ones first, then regional and immigrant ones. */
export const FAMILY_NAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler', 'Herrmann', 'König',
  'Walter', 'Kaiser', 'Fuchs', 'Peters', 'Scholz', 'Möller', 'Weiß', 'Jung', 'Hahn', 'Vogel',
  'Friedrich', 'Keller', 'Günther', 'Frank', 'Berger', 'Roth', 'Beck', 'Lorenz', 'Baumann', 'Albrecht',
  'Schulte', 'Brinkmann', 'Hanneforth', 'Tölle', 'Kleine', 'Niggemeier', 'Rüther', 'Wiemers', 'Lödige', 'Hesse',
  'Schlüter', 'Kemper', 'Dreier', 'Strunk', 'Volmer', 'Pieper', 'Hagemeier', 'Drewes', 'Kükenshöner', 'Brockmeier',
  'Yılmaz', 'Kaya', 'Demir', 'Nowak', 'Kowalski', 'Wiśniewski', 'Popescu', 'Rossi', 'Ivanov', 'Schmidtke',
] as const;

export const STREETS = [
  'Hauptstraße', 'Bahnhofstraße', 'Kirchweg', 'Lindenallee', 'Schulstraße', 'Gartenstraße', 'Am Markt', 'Mühlenweg',
  'Detmolder Straße', 'Paderborner Straße', 'Bielefelder Straße', 'Lippestraße', 'Rosenweg', 'Birkenweg',
  'Eichendorffstraße', 'Goethestraße', 'Schillerstraße', 'Ringstraße', 'Feldstraße', 'Am Hellweg', 'Almeweg', 'Externsteinstraße',
] as const;

/** A town with one of its postcodes. */
export interface Town {
  postcode: string;
  city: string;
}

/** Towns outside North Rhine-Westphalia where some customers live (near the border, or moved away). */
export const TOWNS_ELSEWHERE: Readonly<Record<string, readonly Town[]>> = {
  NI: [
    { postcode: '37603', city: 'Holzminden' },
    { postcode: '31785', city: 'Hameln' },
    { postcode: '31812', city: 'Bad Pyrmont' },
    { postcode: '30159', city: 'Hannover' },
  ],
  HE: [
    { postcode: '34454', city: 'Bad Arolsen' },
    { postcode: '34117', city: 'Kassel' },
    { postcode: '60311', city: 'Frankfurt am Main' },
  ],
  BY: [{ postcode: '80331', city: 'München' }],
  BE: [{ postcode: '10115', city: 'Berlin' }],
  HH: [{ postcode: '20095', city: 'Hamburg' }],
  BW: [{ postcode: '70173', city: 'Stuttgart' }],
  SN: [{ postcode: '04109', city: 'Leipzig' }],
};

/** Other towns in North Rhine-Westphalia, for customers who live away from their branch. */
export const TOWNS_NW: readonly Town[] = [
  { postcode: '33602', city: 'Bielefeld' },
  { postcode: '33330', city: 'Gütersloh' },
  { postcode: '32791', city: 'Lage' },
  { postcode: '33189', city: 'Schlangen' },
  { postcode: '33184', city: 'Altenbeken' },
  { postcode: '34414', city: 'Warburg' },
  { postcode: '44135', city: 'Dortmund' },
  { postcode: '50667', city: 'Köln' },
];

/**
 * The 75 branches (Filialen) of the fictitious savings bank, each in a town of North Rhine-Westphalia
 * (Kreis Paderborn, Kreis Lippe, Kreis Höxter). The first twelve are the main sites; their order
 * fixes the branch ids (`F-01` is the first), so new sites are only ever appended.
 */
export const BRANCH_SITES: readonly { name: string; town: Town }[] = [
  { name: 'Paderborn Hauptstelle', town: { postcode: '33098', city: 'Paderborn' } },
  { name: 'Paderborn-Schloß Neuhaus', town: { postcode: '33104', city: 'Paderborn' } },
  { name: 'Paderborn-Elsen', town: { postcode: '33106', city: 'Paderborn' } },
  { name: 'Detmold Hauptstelle', town: { postcode: '32756', city: 'Detmold' } },
  { name: 'Detmold-Hiddesen', town: { postcode: '32760', city: 'Detmold' } },
  { name: 'Lemgo', town: { postcode: '32657', city: 'Lemgo' } },
  { name: 'Bad Lippspringe', town: { postcode: '33175', city: 'Bad Lippspringe' } },
  { name: 'Delbrück', town: { postcode: '33129', city: 'Delbrück' } },
  { name: 'Salzkotten', town: { postcode: '33154', city: 'Salzkotten' } },
  { name: 'Büren', town: { postcode: '33142', city: 'Büren' } },
  { name: 'Horn-Bad Meinberg', town: { postcode: '32805', city: 'Horn-Bad Meinberg' } },
  { name: 'Blomberg', town: { postcode: '32825', city: 'Blomberg' } },
  { name: 'Paderborn-Sande', town: { postcode: '33106', city: 'Paderborn' } },
  { name: 'Paderborn-Wewer', town: { postcode: '33106', city: 'Paderborn' } },
  { name: 'Paderborn-Marienloh', town: { postcode: '33104', city: 'Paderborn' } },
  { name: 'Paderborn-Benhausen', town: { postcode: '33100', city: 'Paderborn' } },
  { name: 'Paderborn-Neuenbeken', town: { postcode: '33100', city: 'Paderborn' } },
  { name: 'Paderborn-Dahl', town: { postcode: '33100', city: 'Paderborn' } },
  { name: 'Paderborn-Kaukenberg', town: { postcode: '33100', city: 'Paderborn' } },
  { name: 'Paderborn-Südring', town: { postcode: '33100', city: 'Paderborn' } },
  { name: 'Paderborn-Riemekeviertel', town: { postcode: '33102', city: 'Paderborn' } },
  { name: 'Paderborn-Westerntor', town: { postcode: '33098', city: 'Paderborn' } },
  { name: 'Detmold-Heidenoldendorf', town: { postcode: '32758', city: 'Detmold' } },
  { name: 'Detmold-Remmighausen', town: { postcode: '32760', city: 'Detmold' } },
  { name: 'Detmold-Pivitsheide', town: { postcode: '32758', city: 'Detmold' } },
  { name: 'Detmold-Berlebeck', town: { postcode: '32760', city: 'Detmold' } },
  { name: 'Detmold-Jerxen-Orbke', town: { postcode: '32758', city: 'Detmold' } },
  { name: 'Lemgo-Brake', town: { postcode: '32657', city: 'Lemgo' } },
  { name: 'Lemgo-Lüerdissen', town: { postcode: '32657', city: 'Lemgo' } },
  { name: 'Delbrück-Ostenland', town: { postcode: '33129', city: 'Delbrück' } },
  { name: 'Delbrück-Westenholz', town: { postcode: '33129', city: 'Delbrück' } },
  { name: 'Delbrück-Boke', town: { postcode: '33129', city: 'Delbrück' } },
  { name: 'Salzkotten-Verne', town: { postcode: '33154', city: 'Salzkotten' } },
  { name: 'Salzkotten-Upsprunge', town: { postcode: '33154', city: 'Salzkotten' } },
  { name: 'Büren-Steinhausen', town: { postcode: '33142', city: 'Büren' } },
  { name: 'Büren-Wewelsburg', town: { postcode: '33142', city: 'Büren' } },
  { name: 'Bad Meinberg', town: { postcode: '32805', city: 'Horn-Bad Meinberg' } },
  { name: 'Hövelhof', town: { postcode: '33161', city: 'Hövelhof' } },
  { name: 'Bad Wünnenberg', town: { postcode: '33181', city: 'Bad Wünnenberg' } },
  { name: 'Bad Wünnenberg-Fürstenberg', town: { postcode: '33181', city: 'Bad Wünnenberg' } },
  { name: 'Bad Wünnenberg-Haaren', town: { postcode: '33181', city: 'Bad Wünnenberg' } },
  { name: 'Borchen-Kirchborchen', town: { postcode: '33178', city: 'Borchen' } },
  { name: 'Borchen-Nordborchen', town: { postcode: '33178', city: 'Borchen' } },
  { name: 'Altenbeken', town: { postcode: '33184', city: 'Altenbeken' } },
  { name: 'Altenbeken-Schwaney', town: { postcode: '33184', city: 'Altenbeken' } },
  { name: 'Lichtenau', town: { postcode: '33165', city: 'Lichtenau' } },
  { name: 'Lichtenau-Atteln', town: { postcode: '33165', city: 'Lichtenau' } },
  { name: 'Schieder', town: { postcode: '32816', city: 'Schieder-Schwalenberg' } },
  { name: 'Schwalenberg', town: { postcode: '32816', city: 'Schieder-Schwalenberg' } },
  { name: 'Lügde', town: { postcode: '32676', city: 'Lügde' } },
  { name: 'Barntrup', town: { postcode: '32683', city: 'Barntrup' } },
  { name: 'Extertal-Bösingfeld', town: { postcode: '32699', city: 'Extertal' } },
  { name: 'Kalletal-Hohenhausen', town: { postcode: '32689', city: 'Kalletal' } },
  { name: 'Dörentrup', town: { postcode: '32694', city: 'Dörentrup' } },
  { name: 'Lage', town: { postcode: '32791', city: 'Lage' } },
  { name: 'Lage-Hörste', town: { postcode: '32791', city: 'Lage' } },
  { name: 'Oerlinghausen', town: { postcode: '33813', city: 'Oerlinghausen' } },
  { name: 'Oerlinghausen-Helpup', town: { postcode: '33813', city: 'Oerlinghausen' } },
  { name: 'Leopoldshöhe', town: { postcode: '33818', city: 'Leopoldshöhe' } },
  { name: 'Augustdorf', town: { postcode: '32832', city: 'Augustdorf' } },
  { name: 'Schlangen', town: { postcode: '33189', city: 'Schlangen' } },
  { name: 'Schlangen-Kohlstädt', town: { postcode: '33189', city: 'Schlangen' } },
  { name: 'Höxter', town: { postcode: '37671', city: 'Höxter' } },
  { name: 'Brakel', town: { postcode: '33034', city: 'Brakel' } },
  { name: 'Bad Driburg', town: { postcode: '33014', city: 'Bad Driburg' } },
  { name: 'Steinheim', town: { postcode: '32839', city: 'Steinheim' } },
  { name: 'Nieheim', town: { postcode: '33039', city: 'Nieheim' } },
  { name: 'Marienmünster', town: { postcode: '37696', city: 'Marienmünster' } },
  { name: 'Beverungen', town: { postcode: '37688', city: 'Beverungen' } },
  { name: 'Warburg', town: { postcode: '34414', city: 'Warburg' } },
  { name: 'Borgentreich', town: { postcode: '34434', city: 'Borgentreich' } },
  { name: 'Willebadessen', town: { postcode: '34439', city: 'Willebadessen' } },
  { name: 'Bad Salzuflen', town: { postcode: '32105', city: 'Bad Salzuflen' } },
  { name: 'Blomberg-Cappel', town: { postcode: '32825', city: 'Blomberg' } },
  { name: 'Steinheim-Bergheim', town: { postcode: '32839', city: 'Steinheim' } },
];

/** Area codes of the region for landline numbers (without the leading 0). */
export const AREA_CODES = ['5251', '5231', '5261', '5252', '5250', '5258', '5951', '5234', '5235'] as const;

/** Mobile network prefixes (without the leading 0). */
export const MOBILE_PREFIXES = ['151', '152', '160', '162', '170', '171', '172', '176', '178'] as const;

/** Mail domains reserved for documentation (RFC 2606), so no generated address can reach anybody. */
export const MAIL_DOMAINS = ['example.com', 'example.net', 'example.org'] as const;

/** The bank's own (fictitious, reserved-TLD) mail domain for advisors. */
export const BANK_MAIL_DOMAIN = 'sparkasse-drehscheibe.example';

/** Lowercase ASCII for mail addresses: umlauts spelled out, other marks dropped. */
export function mailLocalPart(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '');
}
