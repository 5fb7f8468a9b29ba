// Fixture plugin (plain JS, like a published package's dist).
const { z, secret } = require('@dealix/connector-core');
const { echoPlugin } = require('../_shared/echoPlugin');

exports.connector = echoPlugin({
  key: 'missing_secret',
  config: z.object({ api_key: secret(z.string()) }),
});
