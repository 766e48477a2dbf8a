import { describe, expect, it } from 'vitest';
import { firstNameOf, pipeText } from './piping.js';

const context = {
  customer: { firstName: 'Ada', name: 'Ada Lovelace' },
  touchpoint: { name: 'Lounge bar' },
  hidden: { gate: 'B12', flight: 'AU 451' },
};

describe('pipeText', () => {
  it('fills customer, touchpoint and hidden placeholders', () => {
    expect(
      pipeText(
        'Hi {{customer.firstName}} ({{ customer.name }}), how was {{touchpoint.name}} at gate {{hidden.gate}}?',
        context,
      ),
    ).toBe('Hi Ada (Ada Lovelace), how was Lounge bar at gate B12?');
  });

  it('turns unknown placeholders and missing values into empty text', () => {
    expect(
      pipeText('[{{customer.email}}][{{hidden.seat}}][{{foo}}][{{a.b.c}}][{{}}]', context),
    ).toBe('[][][][][]');
    expect(pipeText('Hi {{customer.firstName}}!', { hidden: {} })).toBe('Hi !');
    expect(pipeText('{{customer.firstName}}', { customer: { firstName: null }, hidden: {} })).toBe(
      '',
    );
    expect(pipeText('{{hidden.constructor}}{{hidden.__proto__}}', { hidden: {} })).toBe('');
  });

  it('leaves text that is not a placeholder alone, and does not expand values again', () => {
    expect(pipeText('{ {x} } {{ two words }} {{hidden.gate', context)).toBe(
      '{ {x} } {{ two words }} {{hidden.gate',
    );
    expect(pipeText('{{hidden.note}}', { hidden: { note: '{{hidden.secret}} <b>' } })).toBe(
      '{{hidden.secret}} <b>',
    );
  });
});

describe('firstNameOf', () => {
  it('takes the first word of the name, and nothing from an empty one', () => {
    expect(firstNameOf('Ada Lovelace')).toBe('Ada');
    expect(firstNameOf('  Grace   Hopper ')).toBe('Grace');
    expect(firstNameOf('Cher')).toBe('Cher');
    expect(firstNameOf('   ')).toBeNull();
    expect(firstNameOf(null)).toBeNull();
    expect(firstNameOf(undefined)).toBeNull();
  });
});
