import { jsonLineIndex, lineOf } from './jsonLineIndex';

const text = `{
  "connector_key": "alpha",
  "retry_backoff_ms": [
    100,
    200
  ],
  "operations": {
    "get_charge": { "kind": "read", "timeout_ms": 5000 }
  },
  "config": { "a.b": { "type": "string" } },
  "note": "a \\"quoted\\" value"
}
`;

describe('jsonLineIndex', () => {
  const index = jsonLineIndex(text);

  it('gives the line of keys, nested keys and list entries in core path notation', () => {
    expect(index.get('(root)')).toBe(1);
    expect(index.get('connector_key')).toBe(2);
    expect(index.get('retry_backoff_ms[1]')).toBe(5);
    expect(index.get('operations.get_charge.timeout_ms')).toBe(8);
    expect(index.get('config["a.b"].type')).toBe(10);
    expect(index.get('note')).toBe(11);
  });

  it('falls back to the nearest present parent for a removed field', () => {
    expect(lineOf(index, 'operations.get_charge.retry_max')).toBe(8);
    expect(lineOf(index, 'operations.refund')).toBe(7);
    expect(lineOf(index, 'deadline_ms')).toBe(1);
  });

  it('keeps what it found before a syntax error', () => {
    const partial = jsonLineIndex('{\n  "a": 1,\n  "b": ]\n}');
    expect(partial.get('a')).toBe(2);
    expect(partial.get('b')).toBe(3);
  });
});
