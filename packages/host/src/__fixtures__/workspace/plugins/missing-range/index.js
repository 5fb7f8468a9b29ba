// Fixture plugin (plain JS, like a published package's dist).
const { echoPlugin } = require('../_shared/echoPlugin');

exports.connector = echoPlugin({ key: 'missing_range' });
