import {
  findBareEnvReferences,
  findEnvReferences,
  findMalformedEnvReferences,
  stripEnvReferences,
} from './expansion';

describe('expansion', () => {
  it('finds ${VAR} and ${VAR:-default} references', () => {
    expect(
      findEnvReferences(
        '${API_BASE_URL:-https://api.example.com}/mcp?k=${KEY}',
      ),
    ).toEqual([
      {
        name: 'API_BASE_URL',
        default: 'https://api.example.com',
        expression: '${API_BASE_URL:-https://api.example.com}',
      },
      { name: 'KEY', expression: '${KEY}' },
    ]);
  });

  it('finds malformed and bare references', () => {
    expect(findMalformedEnvReferences('${OK} ${1BAD} ${OPEN')).toEqual([
      '${1BAD}',
      '${OPEN',
    ]);
    expect(findBareEnvReferences('$HOME/bin ${OK}')).toEqual(['$HOME']);
    expect(stripEnvReferences('Bearer ${API_KEY}')).toBe('Bearer ');
  });
});
