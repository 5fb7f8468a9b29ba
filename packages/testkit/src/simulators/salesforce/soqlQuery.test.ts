import { parseSoql, SoqlSyntaxError } from './soqlQuery';

describe('parseSoql', () => {
  it('reads fields, object, an equality filter and a limit, keywords in any case', () => {
    expect(parseSoql("select Id, LastName FROM Lead where Email = 'a\\'b@x.test' Limit 5")).toEqual(
      {
        fields: ['Id', 'LastName'],
        sobject: 'Lead',
        where: { field: 'Email', value: "a'b@x.test" },
        limit: 5,
      },
    );
  });

  it('reads number, boolean and null literals and custom fields', () => {
    expect(parseSoql('SELECT Id FROM Invoice__c WHERE Amount__c = 12.5').where).toEqual({
      field: 'Amount__c',
      value: 12.5,
    });
    expect(parseSoql('SELECT Id FROM Lead WHERE IsConverted = false').where?.value).toBe(false);
    expect(parseSoql('SELECT Id FROM Lead WHERE Email = null').where?.value).toBeNull();
  });

  it.each([
    'SELECT FROM Lead',
    'SELECT Id Lead',
    'SELECT Id FROM Lead WHERE',
    'SELECT Id FROM Lead LIMIT ten',
    'SELECT Id FROM Lead ORDER BY Name',
    "SELECT Id FROM Lead WHERE Name = 'unterminated",
    'DELETE FROM Lead',
  ])('rejects %p', (text) => {
    expect(() => parseSoql(text)).toThrow(SoqlSyntaxError);
  });
});
