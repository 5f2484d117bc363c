'use strict';

// Cases where runtime/js does not answer as Node 24 yet: each key is the
// start of a failing case's label (`suite: label`), each value why. A
// listed case that fails counts as a known gap, not a failure; a listed
// case that passes fails the run ("remove it from this list"), so the list
// cannot go stale. Every entry is a gap to close (runtime/README.md,
// "Deliberate differences").

const ASSERT_DIFF = "Node 24's assert diff layout (Myers diff, `... Skipped lines` on a line of its own, other context lines)";

module.exports = {
  'assert: case 1: ': ASSERT_DIFF,
  'assert: case 23: ': ASSERT_DIFF,
  'assert: case 27: ': ASSERT_DIFF,
  'assert: case 33: ': ASSERT_DIFF,
  'assert: case 50: ': ASSERT_DIFF,
  'assert: case 51: ': ASSERT_DIFF,
  'assert: case 52: ': ASSERT_DIFF,
  'assert: case 58: ': ASSERT_DIFF,
  'assert: case 59: ': ASSERT_DIFF,
  'assert: case 60: ': ASSERT_DIFF,
  'assert: case 62: ': ASSERT_DIFF,
  'assert: case 65: ': ASSERT_DIFF,
  'fixtures: fixture assert_messages': ASSERT_DIFF,
  'assert: exports': 'Node 24 exports the Assert class (new Assert({ diff, strict }))',
  'util: isDeepStrictEqual(#32 ': 'Node 24 finds two generator objects of different generator functions deep-equal',
};
