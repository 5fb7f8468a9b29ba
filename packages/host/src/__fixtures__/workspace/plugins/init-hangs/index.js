// Fixture plugin (plain JS, like a published package's dist).
const { echoPlugin } = require('../_shared/echoPlugin');

exports.connector = echoPlugin({
  key: 'init_hangs',
  initialize: () => new Promise(() => {}),
});
