// Runs before `npm start` and `npm test` on whatever Node is installed, so it must stay plain
// CommonJS that old versions can parse. The bot needs node:sqlite and what keyv and undici need:
// Node 22.19 or newer (https://nodejs.org/api/sqlite.html, undici's package.json "engines").
'use strict';
var need = [22, 19, 0];
var have = process.versions.node.split('.').map(Number);
var ok = have[0] !== need[0] ? have[0] > need[0] : have[1] !== need[1] ? have[1] > need[1] : have[2] >= need[2];
if (!ok) {
  console.error(
    'This bot needs Node.js ' +
      need.join('.') +
      ' or newer (Node 24 LTS recommended); this is Node ' +
      process.versions.node +
      '.\n' +
      'Install it from https://nodejs.org/en/download, or with a version manager: `nvm install 24` / `fnm install 24`,\n' +
      'or without root: `npm install --prefix ~/.node24 node@24` and put ~/.node24/node_modules/node/bin first on PATH.',
  );
  process.exit(1);
}
