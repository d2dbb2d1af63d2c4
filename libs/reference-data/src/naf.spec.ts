import {
  findNaf,
  isNafSousClasse,
  listNaf,
  nafAncestors,
  nafChildren,
  nafCloseness,
  normalizeNafCode,
  searchNaf,
} from './naf';

describe('NAF rév. 2 counts', () => {
  it.each([
    ['section', 21],
    ['division', 88],
    ['groupe', 272],
    ['classe', 615],
    ['sous-classe', 732],
  ] as const)('has the official number of %s entries (%i)', (level, count) => {
    expect(listNaf(level)).toHaveLength(count);
  });

  it('lists everything once, sections first', () => {
    const all = listNaf();
    expect(all).toHaveLength(21 + 88 + 272 + 615 + 732);
    expect(new Set(all.map((e) => e.code)).size).toBe(all.length);
    expect(all.slice(0, 21).map((e) => e.code).join('')).toBe('ABCDEFGHIJKLMNOPQRSTU');
  });

  it('puts every division in the section of its official range', () => {
    const sectionOf = new Map(listNaf('division').map((d) => [d.code, d.sectionCode]));
    expect(sectionOf.get('01')).toBe('A');
    expect(sectionOf.get('03')).toBe('A');
    expect(sectionOf.get('05')).toBe('B');
    expect(sectionOf.get('10')).toBe('C');
    expect(sectionOf.get('33')).toBe('C');
    expect(sectionOf.get('35')).toBe('D');
    expect(sectionOf.get('43')).toBe('F');
    expect(sectionOf.get('62')).toBe('J');
    expect(sectionOf.get('99')).toBe('U');
    expect(nafChildren('C')).toHaveLength(24);
    expect(nafChildren('c').map((e) => e.code)[0]).toBe('10');
  });
});

describe('findNaf', () => {
  it('describes 25.62B Mécanique industrielle in section C', () => {
    expect(findNaf('25.62B')).toEqual({
      code: '25.62B',
      label: 'Mécanique industrielle',
      level: 'sous-classe',
      parentCode: '25.62',
      sectionCode: 'C',
    });
  });

  it('accepts un-normalised input and sections by letter', () => {
    expect(findNaf('2562b')?.code).toBe('25.62B');
    expect(findNaf(' 25 62 B ')?.code).toBe('25.62B');
    expect(findNaf('c')).toMatchObject({ code: 'C', level: 'section', parentCode: null, label: 'Industrie manufacturière' });
    expect(findNaf('25')).toMatchObject({ level: 'division', parentCode: 'C', sectionCode: 'C' });
    expect(findNaf('25.6')).toMatchObject({ level: 'groupe', parentCode: '25' });
    expect(findNaf('25.62')).toMatchObject({ level: 'classe', parentCode: '25.6', label: 'Usinage' });
  });

  it('returns undefined for unknown or malformed codes', () => {
    expect(findNaf('25.62Y')).toBeUndefined();
    expect(findNaf('04')).toBeUndefined(); // no division 04 in NAF rév. 2
    expect(findNaf('V')).toBeUndefined();
    expect(findNaf('mécanique')).toBeUndefined();
    expect(findNaf('')).toBeUndefined();
  });
});

describe('normalizeNafCode', () => {
  it.each([
    ['2562b', '25.62B'],
    ['25.62b', '25.62B'],
    ['25 62B', '25.62B'],
    ['25.62 B', '25.62B'],
    ['25,62B', '25.62B'],
    ['25.6', '25.6'],
    ['256', '25.6'],
    ['2562', '25.62'],
    ['25', '25'],
    ['c', 'C'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeNafCode(input)).toBe(expected);
  });

  it.each(['', '2', '25620', '25.62BB', '2.562B', 'V', 'NAF', '25.6B', 'abc'])('%j is not NAF-shaped', (input) => {
    expect(normalizeNafCode(input)).toBeNull();
  });
});

describe('isNafSousClasse', () => {
  it('is true only for an existing sous-classe', () => {
    expect(isNafSousClasse('25.62B')).toBe(true);
    expect(isNafSousClasse('2562B')).toBe(true);
    expect(isNafSousClasse('25.62')).toBe(false);
    expect(isNafSousClasse('25.62Y')).toBe(false);
    expect(isNafSousClasse('C')).toBe(false);
  });
});

describe('nafAncestors / nafChildren', () => {
  it('climbs from the entry itself to its section', () => {
    expect(nafAncestors('25.62B').map((e) => `${e.level}:${e.code}`)).toEqual([
      'sous-classe:25.62B',
      'classe:25.62',
      'groupe:25.6',
      'division:25',
      'section:C',
    ]);
    expect(nafAncestors('C').map((e) => e.code)).toEqual(['C']);
    expect(nafAncestors('99.99Z')).toEqual([]);
  });

  it('lists the entries one level down', () => {
    expect(nafChildren('25.62').map((e) => e.code)).toEqual(['25.62A', '25.62B']);
    expect(nafChildren('25.6').map((e) => e.code)).toEqual(['25.61', '25.62']);
    expect(nafChildren('25.62B')).toEqual([]);
    expect(nafChildren('nope')).toEqual([]);
  });

  it('does not let callers alter the shared data', () => {
    nafChildren('25.62').pop();
    expect(nafChildren('25.62')).toHaveLength(2);
    const entry = findNaf('25.62B');
    expect(Object.isFrozen(entry)).toBe(true);
  });
});

describe('nafCloseness', () => {
  it.each([
    ['25.62A', '25.62B', 'classe'],
    ['25.62B', '2562b', 'sous-classe'],
    ['25.61Z', '25.62B', 'groupe'],
    ['25.11Z', '25.62B', 'division'],
    ['28.41Z', '25.62B', 'section'],
    ['25', '25.62B', 'division'],
    ['C', '25.62B', 'section'],
    ['01.11Z', '25.62B', null],
    ['25.62B', '99.99Z', null],
  ])('(%s, %s) -> %s', (a, b, expected) => {
    expect(nafCloseness(a, b)).toBe(expected);
    expect(nafCloseness(b, a)).toBe(expected);
  });
});

describe('searchNaf', () => {
  it('finds labels without accents or case', () => {
    const codes = searchNaf('MECANIQUE industrielle').map((e) => e.code);
    expect(codes[0]).toBe('25.62B');
  });

  it('matches every word as a word prefix', () => {
    const results = searchNaf('fabric moteurs');
    expect(results.length).toBeGreaterThan(0);
    for (const e of results) expect(e.label.toLowerCase()).toMatch(/fabric.*moteur|moteur.*fabric/);
    expect(results.map((e) => e.code)).toContain('28.11Z');
  });

  it('searches by code, an entry and everything under it', () => {
    expect(searchNaf('25.6').map((e) => e.code)).toEqual(['25.6', '25.61', '25.61Z', '25.62', '25.62A', '25.62B']);
    expect(searchNaf('2562b').map((e) => e.code)).toEqual(['25.62B']);
    expect(searchNaf('C')[0]?.code).toBe('C');
  });

  it('honours the limit and ignores blank queries', () => {
    expect(searchNaf('commerce', 3)).toHaveLength(3);
    expect(searchNaf('   ')).toEqual([]);
    expect(searchNaf('zzzzqqq')).toEqual([]);
  });
});
