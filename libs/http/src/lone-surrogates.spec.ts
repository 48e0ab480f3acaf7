import { mayHoldLoneSurrogate, pathsWithLoneSurrogates } from './lone-surrogates';

describe(pathsWithLoneSurrogates.name, () => {
  it('names each string holding a lone surrogate by its path, high or low half, alone or amid text', () => {
    const body = JSON.parse('{"summary":"\\ud800","alerts":[{"labels":{"alertname":"a\\udc00b","ok":"fine"}}],"groupKey":"x\\udbff"}');
    expect(pathsWithLoneSurrogates(body)).toEqual(['summary', 'alerts.0.labels.alertname', 'groupKey']);
  });

  it('names a field name holding one by where it is, without repeating it', () => {
    expect(pathsWithLoneSurrogates(JSON.parse('{"\\ud800":1,"labels":{"team\\udfff":"x"}}'))).toEqual(['a field name', 'a field name in labels']);
  });

  it('finds nothing in surrogate pairs, other text, numbers and nulls', () => {
    expect(pathsWithLoneSurrogates(JSON.parse('{"a":"\\ud83d\\udca9","b":"\u{1F4A9}","c":[1,null,true,"\\\\ud800"]}'))).toEqual([]);
  });

  it('names at most ten, so an answer never grows with the body', () => {
    expect(pathsWithLoneSurrogates(Array.from({ length: 50 }, () => '\ud800'))).toHaveLength(10);
  });
});

describe(mayHoldLoneSurrogate.name, () => {
  it('lets through, unwalked, JSON text with no escape of a surrogate', () => {
    expect(mayHoldLoneSurrogate('{"rev":12}')).toBe(false);
    expect(mayHoldLoneSurrogate('{"summary":"\u{1F4A9} \\u00e9 \\u2028"}')).toBe(false);
  });

  it('sends any escape of one to the walk, upper or lower case', () => {
    for (const text of ['"\\ud800"', '"\\uDC00"', '"\\ud83d\\udca9"']) expect(mayHoldLoneSurrogate(text)).toBe(true);
  });
});
