import { encodeStripeForm } from './formEncoding';

describe('encodeStripeForm', () => {
  it('encodes nested objects and arrays with readable brackets, as stripe-node does', () => {
    const form = encodeStripeForm({
      amount: 100,
      confirm: true,
      metadata: { order_id: '42' },
      expand: ['latest_charge', 'payment_method'],
    });
    expect(form).toBe(
      'amount=100&confirm=true&metadata[order_id]=42&expand[0]=latest_charge&expand[1]=payment_method',
    );
  });

  it('leaves out undefined values and sends dates as unix seconds', () => {
    const form = encodeStripeForm({
      payment_method: undefined,
      due: new Date('2025-01-01T00:00:05.900Z'),
    });
    expect(form).toBe('due=1735689605');
  });

  it('escapes the characters that would split a parameter', () => {
    expect(encodeStripeForm({ metadata: { note: 'a&b=c d' } })).toBe(
      'metadata[note]=a%26b%3Dc%20d',
    );
  });
});
