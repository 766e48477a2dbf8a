import { describe, expect, it } from 'vitest';
import { maskPersonalData } from './mask-personal-data.js';

describe('maskPersonalData', () => {
  it('masks e-mail addresses', () => {
    expect(maskPersonalData('Write to john.doe+cx@example.co.uk today')).toBe(
      'Write to [email] today',
    );
    expect(maskPersonalData('a@b.io, x_y@mail.example.com.')).toBe('[email], [email].');
  });

  it.each([
    ['Call +44 20 7946 0958 now', 'Call [phone] now'],
    ['call me on +1 (555) 123-4567.', 'call me on [phone].'],
    ['+33 6 12 34 56 78', '[phone]'],
    ['0044 20 7946 0958', '[phone]'],
    ['ring 020 7946 0958 or 07700 900123', 'ring [phone] or [phone]'],
    ['my number is (555) 123-4567', 'my number is [phone]'],
    ['555-123-4567 is my cell', '[phone] is my cell'],
    ['tel. 06 12 34 56 78', 'tel. [phone]'],
    ['030 1234567', '[phone]'],
    ['(+44) 20 7946 0958', '[phone]'],
    ['+44 (0)20 7946 0958', '[phone]'],
    ['toll free 1-800-555-0199', 'toll free [phone]'],
    ['my cell 555.123.4567', 'my cell [phone]'],
    ['Tel +353 1 234 5678.', 'Tel [phone].'],
  ])('masks the phone number in "%s"', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    'We flew on 2024-03-12 and came back on 12/03/2024 at 10:30.',
    'Departure 12.03.2024 14:30, arrival 13.03.2024.',
    'I paid $1,234.56 for two tickets, €1.234.567 in total, or 1 234 567 EUR',
    'Flight BA 1234 and LH4567, booking reference ABC123, seat 23C.',
    'Order number 123456789, claim CLM-20931.',
    'Reference 1234-5678-9012, card ending 4242, room 1204 on floor 12.',
    'Open between 10-12 and 14-16 in the years 2019-2023.',
    'Between 1990-2020 the price rose 25%.',
  ])('keeps "%s"', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});
