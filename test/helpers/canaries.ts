/** Recognisable personal data seeded through every door, then searched for where it must not be. */
export const canaries = {
  achternaam: 'Kanariepietersen',
  straatnaam: 'Kanarievogelsteeg',
  telefoonnummer: '0699887766',
  email: 'kanarie.zangvogel@example.nl',
};
