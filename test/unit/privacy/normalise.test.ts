import { describe, expect, it } from 'vitest';
import {
  normaliseHuisnummer,
  normaliseHuisnummertoevoeging,
  normaliseInitial,
  normalisePostcode,
  normaliseSurname,
  normaliseText,
} from '../../../src/privacy/normalise.js';

describe('normaliseText', () => {
  it('drops diacritics and folds case', () => {
    expect(normaliseText('Ünal')).toBe('unal');
    expect(normaliseText('Çelik')).toBe('celik');
    expect(normaliseText('Müller-Lüdenscheidt')).toBe('muller ludenscheidt');
  });

  it('folds letters NFKD leaves alone, including the Turkish dotless and dotted i', () => {
    expect(normaliseText('Işık')).toBe('isik');
    expect(normaliseText('İnce')).toBe('ince');
    expect(normaliseText('Strauß Ørsted Łukasz')).toBe('strauss orsted lukasz');
    expect(normaliseText('ĳssel')).toBe('ijssel');
  });

  it('turns punctuation and whitespace runs into one space, trimmed', () => {
    expect(normaliseText("  D'Souza \t- O.  ")).toBe('d souza o');
  });

  it('keeps letters of other scripts rather than erasing them', () => {
    expect(normaliseText('Иванов')).toBe('иванов');
    expect(normaliseText('Иванов')).not.toBe(normaliseText('Петров'));
  });
});

describe('normaliseSurname', () => {
  const dijk = 'dijk';

  it.each([
    ['van', 'Dijk'],
    [undefined, 'van Dijk'],
    [undefined, 'Van  Dijk'],
    ['Van', 'dijk'],
    [undefined, 'v. Dijk'],
    ['v.', 'Dijk'],
    [undefined, 'van der Dijk'],
    ['v.d.', 'Dijk'],
    [undefined, 'vd Dijk'],
    [undefined, 'Dijk, van'],
    [undefined, 'Dijk, v.d.'],
    [undefined, 'Dijk'],
    ['van', 'van Dijk'],
  ])('voorvoegsel %j + achternaam %j → "dijk"', (voorvoegsel, achternaam) => {
    expect(normaliseSurname(voorvoegsel, achternaam)).toBe(dijk);
  });

  it('handles diacritics and apostrophe prefixes', () => {
    expect(normaliseSurname(undefined, 'Ünal')).toBe(normaliseSurname(undefined, 'Unal'));
    expect(normaliseSurname("'t", 'Hart')).toBe('hart');
    expect(normaliseSurname(undefined, "in 't Veld")).toBe('veld');
    expect(normaliseSurname(undefined, "D'Ancona")).toBe('ancona');
  });

  it('keeps a surname that is itself a prefix word', () => {
    expect(normaliseSurname(undefined, 'Van')).toBe('van');
    expect(normaliseSurname('de', 'De')).toBe('de');
  });

  it('joins double surnames without separators, but keeps their parts', () => {
    expect(normaliseSurname(undefined, 'Jansen-de Vries')).toBe('jansendevries');
    expect(normaliseSurname(undefined, 'Jansen de Vries')).toBe('jansendevries');
    expect(normaliseSurname(undefined, 'Jansen-de Vries')).not.toBe(normaliseSurname(undefined, 'de Vries'));
  });

  it('keeps an unrecognised voorvoegsel as part of the name', () => {
    expect(normaliseSurname('Mac', 'Donald')).toBe('macdonald');
  });

  it('leaves a comma alone when what follows is no prefix', () => {
    expect(normaliseSurname(undefined, 'Jansen, Piet')).toBe('jansenpiet');
  });
});

describe('address parts and initials', () => {
  it('normalises postcode spacing and case', () => {
    expect(normalisePostcode('1234 ab')).toBe('1234AB');
    expect(normalisePostcode(' 1234AB ')).toBe('1234AB');
    expect(normalisePostcode('1234  Ab')).toBe('1234AB');
  });

  it('drops leading zeros from the huisnummer', () => {
    expect(normaliseHuisnummer('007')).toBe('7');
    expect(normaliseHuisnummer('10')).toBe('10');
  });

  it.each([
    [' - a ', 'A'],
    ['A', 'A'],
    ['-a', 'A'],
    ['/A', 'A'],
    ['1 hg', '1HG'],
    ['bis', 'BIS'],
    ['', ''],
    [' - ', ''],
    [undefined, ''],
  ])('toevoeging %j → %j', (input, expected) => {
    expect(normaliseHuisnummertoevoeging(input)).toBe(expected);
  });

  it('keeps only the first initial', () => {
    expect(normaliseInitial('A.B.')).toBe('a');
    expect(normaliseInitial('A.')).toBe('a');
    expect(normaliseInitial(' a b ')).toBe('a');
    expect(normaliseInitial('Ü.')).toBe('u');
    expect(normaliseInitial('IJ.')).toBe('i');
    expect(normaliseInitial(undefined)).toBe('');
    expect(normaliseInitial('.')).toBe('');
  });
});
