import { writeFileSync } from 'node:fs';
import { startFarm } from './dist/test/fixtures/farm.js';
const farm = await startFarm({ hosts: 5, counts: { healthy: 4, slow: 2, stale: 2, empty: 2, invalid_tools: 2, flaky: 2, http_404: 2, http_500: 2, html: 2, hang: 2, refused: 2, unknown_host: 2 } });
writeFileSync('/tmp/farm.txt', farm.endpoints.map(e => `${e.url}  ${e.kind}`).join('\n') + '\n# end\nnot a url\njavascript:alert(1)\n');
console.log('ready', farm.endpoints.length);
setTimeout(() => farm.close(), 60000);
