'use strict';
// How many colours a terminal shows, from the environment: the rules of
// Node 24's `tty.WriteStream#getColorDepth` (FORCE_COLOR levels, NO_COLOR
// and NODE_DISABLE_COLORS, TERM=dumb, tmux, CI services, terminal programs,
// COLORTERM, then TERM names and patterns).

const { validateInteger } = require('internal/validators');

const COLORS_2 = 1;
const COLORS_16 = 4;
const COLORS_256 = 8;
const COLORS_16m = 24;

// TERM values with a known depth (lower-cased).
const TERM_DEPTHS = {
  __proto__: null,
  eterm: COLORS_16,
  cons25: COLORS_16,
  console: COLORS_16,
  cygwin: COLORS_16,
  dtterm: COLORS_16,
  gnome: COLORS_16,
  hurd: COLORS_16,
  jfbterm: COLORS_16,
  konsole: COLORS_16,
  kterm: COLORS_16,
  mlterm: COLORS_16,
  mosh: COLORS_16m,
  putty: COLORS_16,
  st: COLORS_16,
  'rxvt-unicode-24bit': COLORS_16m,
  terminator: COLORS_16m,
  'xterm-kitty': COLORS_16m,
};

// CI services (beside CI) and the colours they show.
const CI_DEPTHS = {
  __proto__: null,
  APPVEYOR: COLORS_256,
  BUILDKITE: COLORS_256,
  CIRCLECI: COLORS_16m,
  DRONE: COLORS_256,
  GITEA_ACTIONS: COLORS_16m,
  GITHUB_ACTIONS: COLORS_16m,
  GITLAB_CI: COLORS_256,
  TRAVIS: COLORS_256,
};

// TERM patterns that mean at least 16 colours.
const TERM_PATTERNS = [/ansi/, /color/, /linux/, /^con[0-9]*x[0-9]/, /^rxvt/, /^screen/, /^xterm/, /^vt100/];

let warnedDisabled = false;
function warnIfColorsForced(env) {
  if (warnedDisabled) return;
  let name;
  if (env.NODE_DISABLE_COLORS !== undefined) name = 'NODE_DISABLE_COLORS';
  if (env.NO_COLOR !== undefined) name = name === undefined ? 'NO_COLOR' : `${name}' and '${'NO_COLOR'}`;
  if (name === undefined) return;
  warnedDisabled = true;
  process.emitWarning(`The '${name}' env is ignored due to the 'FORCE_COLOR' env being set.`, 'Warning');
}

function getColorDepth(env = process.env) {
  if (env.FORCE_COLOR !== undefined) {
    switch (env.FORCE_COLOR) {
      case '':
      case '1':
      case 'true':
        warnIfColorsForced(env);
        return COLORS_16;
      case '2':
        warnIfColorsForced(env);
        return COLORS_256;
      case '3':
        warnIfColorsForced(env);
        return COLORS_16m;
      default:
        return COLORS_2;
    }
  }
  if (env.NODE_DISABLE_COLORS !== undefined || env.NO_COLOR !== undefined || env.TERM === 'dumb') {
    return COLORS_2;
  }
  if (env.TMUX) return COLORS_16m;
  // Azure Pipelines.
  if ('TF_BUILD' in env && 'AGENT_NAME' in env) return COLORS_16;
  if ('CI' in env) {
    for (const name in CI_DEPTHS) {
      if (name in env) return CI_DEPTHS[name];
    }
    if (env.CI_NAME === 'codeship') return COLORS_256;
    return COLORS_2;
  }
  if ('TEAMCITY_VERSION' in env) {
    return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION) ? COLORS_16 : COLORS_2;
  }
  switch (env.TERM_PROGRAM) {
    case 'iTerm.app':
      if (!env.TERM_PROGRAM_VERSION || /^[0-2]\./.test(env.TERM_PROGRAM_VERSION)) return COLORS_256;
      return COLORS_16m;
    case 'HyperTerm':
    case 'MacTerm':
      return COLORS_16m;
    case 'Apple_Terminal':
      return COLORS_256;
  }
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return COLORS_16m;
  if (env.TERM) {
    if (/^xterm-256/.test(env.TERM)) return COLORS_256;
    if (`${env.TERM}`.includes('truecolor')) return COLORS_16m;
    const term = `${env.TERM}`.toLowerCase();
    if (TERM_DEPTHS[term]) return TERM_DEPTHS[term];
    if (TERM_PATTERNS.some((re) => re.test(term))) return COLORS_16;
  }
  if (env.COLORTERM) return COLORS_16;
  return COLORS_2;
}

function hasColors(count, env) {
  if (env === undefined && (count === undefined || (typeof count === 'object' && count !== null))) {
    env = count;
    count = 16;
  } else {
    validateInteger(count, 'count', 2);
  }
  return count <= 2 ** getColorDepth(env);
}

module.exports = { getColorDepth, hasColors };
