// Runs before `npm start` and `npm test` on whatever Node is installed, so it must stay plain
// CommonJS that old versions can parse. The bot needs node:sqlite and what keyv and undici need:
// Node 22.19 or newer (https://nodejs.org/api/sqlite.html, undici's package.json "engines").
'use strict';
var NEED = [22, 19, 0];

/** The message for a Node that is too old, or null when `version` (like "20.20.2") is new enough. */
function nodeProblem(version) {
  var have = String(version).split('.').map(Number);
  var ok = have[0] !== NEED[0] ? have[0] > NEED[0] : have[1] !== NEED[1] ? have[1] > NEED[1] : have[2] >= NEED[2];
  if (ok) return null;
  return (
    'This bot needs Node.js ' +
    NEED.join('.') +
    ' or newer (Node 24 LTS recommended); this is Node ' +
    version +
    '.\n' +
    'Install it from https://nodejs.org/en/download, or with a version manager: `nvm install 24` / `fnm install 24`,\n' +
    'or without root: `npm install --prefix ~/.node24 node@24` and put ~/.node24/node_modules/node/bin first on PATH.'
  );
}

module.exports = { nodeProblem: nodeProblem };

if (require.main === module) {
  var problem = nodeProblem(process.versions.node);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
